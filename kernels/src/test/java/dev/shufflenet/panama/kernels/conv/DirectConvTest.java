package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.DirectConvCheck;
import dev.shufflenet.panama.kernels.check.KernelTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered direct convolution through {@link DirectConvCheck} (an NCHW loop over a zero-padded image, in double). */
class DirectConvTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }


    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void matchesPaddedNchwReference(String setName, int outChannels) {
        DirectConvKernel kernel = TestViews.set(setName).direct();
        KernelTally tally = new KernelTally(kernel.name());
        DirectConvCheck.sweepGeometries(tally, kernel, new Random(17L * outChannels + setName.hashCode()), outChannels);
        tally.assertPassed();
    }

    @Test
    void stemGeometryOnALargerImage() {
        // The stem (3x3 stride 2 pad 1, 3 -> 24 channels) on 64x57: full rows of 8-pixel blocks plus leftovers.
        for (KernelSet set : KernelRegistry.all())
            DirectConvCheck.checkCase(set.direct(), new Random(3), 24, new int[] {3, 3, 2, 2, 1, 1, 1, 1, 3, 64, 57},
                    1, true, true, 0, 0);
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            DirectConvKernel k = set.direct();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[80], null, 3, 3, 3, 3));
            assertTrue(e.getMessage().contains("81") && e.getMessage().contains("80"), e.getMessage());
            DirectConvKernel.PackedWeights w = k.pack(new float[81], null, 3, 3, 3, 3);
            float[] in = new float[3 * 8 * 8], out = new float[3 * 4 * 4];
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, 2, 2, 3, 1, 1, 1, in, 0, 3, out, 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("top 3"), e.getMessage());
            // 4 output rows of 4 pixels x 3 channels need 48 floats; give 47.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, 2, 2, 1, 1, 0, 0, in, 0, 3, new float[47], 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
        }
    }
}
