package dev.shufflenet.panama.kernels.dwconv;

import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.DepthwiseMinmaxCheck;
import dev.shufflenet.panama.kernels.check.KernelTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minmax variant (ReLU6 and other clamps) of every registered depthwise kernel through
 * {@link DepthwiseMinmaxCheck} (a double reference over an explicitly zero-padded NCHW plane, then clamped), and
 * the refusal of bad bounds.
 */
class DepthwiseMinmaxTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void clampsLikeTheClampedReference(String setName, int channels) {
        DepthwiseConv3x3Kernel kernel = TestViews.set(setName).depthwise();
        KernelTally tally = new KernelTally(kernel.minmaxName());
        DepthwiseMinmaxCheck.sweepSizes(tally, kernel, new Random(17L * channels + setName.hashCode()), channels);
        tally.assertPassed();
    }

    @Test
    void refusesUnorderedBounds() {
        for (var set : dev.shufflenet.panama.kernels.KernelRegistry.all()) {
            DepthwiseConv3x3Kernel k = set.depthwise();
            DepthwiseConv3x3Kernel.PackedWeights w = k.pack(new float[27], null, 3);
            float[] in = new float[48], out = new float[48];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> k.run(w, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, Float.NaN, 6f));
        }
    }
}
