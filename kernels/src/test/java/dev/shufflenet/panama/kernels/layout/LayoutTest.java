package dev.shufflenet.panama.kernels.layout;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.check.LayoutCheck;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered layout kernel through {@link LayoutCheck} (bit for bit against the index definitions), and the argument checks. */
class LayoutTest {
    @Test
    void nchwToNhwcAndBack() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(31);
            for (int[] s : LayoutCheck.SHAPES)
                for (int extra : new int[] {0, 2}) LayoutCheck.checkRoundTrip(set.layout(), rnd, s[0], s[1], s[2], extra);
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            LayoutKernel k = set.layout();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.nchwToNhwc(3, 4, 4, new float[47], 0, new float[48], 0, 3, 0, 1));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.nhwcToNchw(3, 4, 4, new float[48], 0, 2, new float[48], 0, 0, 1));
            assertTrue(e.getMessage().contains("pixelStride 2"), e.getMessage());
        }
    }
}
