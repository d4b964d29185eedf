package dev.shufflenet.panama.kernels.pool;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.KernelTally;
import dev.shufflenet.panama.kernels.check.PoolCheck;
import dev.shufflenet.panama.kernels.check.PoolCheck.Mode;
import dev.shufflenet.panama.kernels.check.Views;
import dev.shufflenet.panama.kernels.check.Views.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every registered pool kernel through {@link PoolCheck} (a padded NCHW loop in double), the vector and
 * scalar kernels' identical bits, and the argument checks.
 */
class PoolTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }


    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void windowsMatchPaddedReference(String setName, int channels) {
        PoolKernel kernel = TestViews.set(setName).pool();
        KernelTally tally = new KernelTally(kernel.name());
        PoolCheck.sweepWindows(tally, kernel, new Random(13L * channels + setName.hashCode()), channels);
        tally.assertPassed();
    }

    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {5, 58})
    void vectorAndScalarGiveIdenticalBits(int channels) {
        // VectorPool visits taps in the scalar order, so even the averages round identically; 5 channels (fewer
        // than the lanes at every width) send the interior windows through the masked clipped loops.
        Random rnd = new Random(5);
        int[] g = PoolCheck.GEOMETRIES[0];
        View in = Views.input(rnd, channels, 2 * 28 * 28, 1, 6);
        for (Mode mode : Mode.values()) {
            View reference = Views.output(channels, 2 * 14 * 14, 0, 0);
            PoolCheck.run(KernelRegistry.scalar().pool(), mode, g, in, reference, 0, 28, true);
            for (KernelSet set : KernelRegistry.all()) {
                View out = Views.output(channels, 2 * 14 * 14, 0, 0);
                PoolCheck.run(set.pool(), mode, g, in, out, 0, 28, true);
                Views.assertSameBits(reference, out, set.pool().name() + " " + mode + " C=" + channels);
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void globalAveragePoolMatchesReference(String setName, int channels) {
        PoolKernel kernel = TestViews.set(setName).pool();
        KernelTally tally = new KernelTally(kernel.name());
        PoolCheck.sweepGlobal(tally, kernel, new Random(channels), channels);
        tally.assertPassed();
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            PoolKernel k = set.pool();
            float[] in = new float[4 * 8 * 8], out = new float[4 * 4 * 4];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.maxPool(4, 8, 8, 3, 3, 2, 2, 3, 1, 1, 1, in, 0, 4, out, 0, 4, 0, 4));
            assertTrue(e.getMessage().contains("top 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.avgPool(4, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, true, in, 0, 4, new float[63], 0, 4, 0, 4, false));
            assertTrue(e.getMessage().contains("64") && e.getMessage().contains("63"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.globalAvgPool(4, 16, in, 0, 4, out, 0, 3, 0, 1));
            assertTrue(e.getMessage().contains("pixelStride 3"), e.getMessage());
            try {
                k.globalAvgPool(4, 16, in, 0, 4, out, 0, 4, 0, 1);
            } catch (RuntimeException unexpected) {
                fail("a valid call threw " + unexpected);
            }
        }
    }
}
