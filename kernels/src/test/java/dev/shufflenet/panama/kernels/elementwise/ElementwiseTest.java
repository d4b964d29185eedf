package dev.shufflenet.panama.kernels.elementwise;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.ElementwiseCheck;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered elementwise kernel through {@link ElementwiseCheck} (add, relu and copy bit for bit against
 * a float reference, softmax against a double one), and the argument checks.
 */
class ElementwiseTest {
    @Test
    void addReluCopyOnStridedAndDenseViews() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(21);
            for (int c : TestViews.channelSweep())
                for (int extra : new int[] {0, 3}) ElementwiseCheck.checkAddReluCopy(set.elementwise(), rnd, c, extra);
        }
    }

    @Test
    void softmaxIsStableAndMatchesDouble() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(22);
            for (int c : new int[] {1, 3, 17, 1000}) ElementwiseCheck.checkSoftmax(set.elementwise(), rnd, c);
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            ElementwiseKernel k = set.elementwise();
            float[] x = new float[12];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.relu(4, x, 0, 4, new float[11], 0, 4, 0, 3));
            assertTrue(e.getMessage().contains("12") && e.getMessage().contains("11"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.copy(4, x, 0, 4, x, 0, 4, 2, 1));
            assertTrue(e.getMessage().contains("[2, 1)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.softmax(0, x, 0, 4, x, 0, 4, 0, 1));
            assertTrue(e.getMessage().contains("0"), e.getMessage());
        }
    }
}
