package dev.shufflenet.panama.kernels.dwconv;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.DepthwiseConv3x3Check;
import dev.shufflenet.panama.kernels.check.KernelTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered depthwise kernel through {@link DepthwiseConv3x3Check} (a direct NCHW loop over an explicitly
 * zero-padded image, in double), and the argument checks.
 */
class DepthwiseConv3x3Test {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }


    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void matchesPaddedNchwReference(String setName, int channels) {
        DepthwiseConv3x3Kernel kernel = TestViews.set(setName).depthwise();
        KernelTally tally = new KernelTally(kernel.name());
        DepthwiseConv3x3Check.sweepSizes(tally, kernel, new Random(31L * channels + setName.hashCode()), channels);
        tally.assertPassed();
    }

    @Test
    void matchesReferenceOnWideShuffleNetLayers() {
        // ShuffleNet v2 1.0x depthwise layers wider than the channel sweep: channels x input size x stride; then
        // v1-g3-2.0's stage 2 entry and a stride-1 and an odd-sized layer whose rows run in several bands of
        // VectorDepthwiseConv3x3.bandRows (1, 2 and 1 rows), with checkCase's split call mid-band.
        int[][] shapes = {{232, 14, 2}, {464, 7, 1}, {120, 56, 2}, {240, 28, 1}, {136, 57, 2}};
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(7);
            for (int[] s : shapes)
                DepthwiseConv3x3Check.checkCase(set.depthwise(), rnd, s[0], 1, s[1], s[1], s[2], true, true, 0, 0,
                        set.depthwise().name() + " " + s[0] + "x" + s[1] + "x" + s[1] + " s" + s[2]);
        }
    }

    @Test
    void bandsAreAtLeastOneRowAndSpanAboutSixtyFourKilobytesOfNewInputRows() {
        assertEquals(1, VectorDepthwiseConv3x3.bandRows(2, 56, 120));
        assertEquals(2, VectorDepthwiseConv3x3.bandRows(1, 28, 240));
        assertEquals(5, VectorDepthwiseConv3x3.bandRows(1, 7, 464));
        assertEquals(1, VectorDepthwiseConv3x3.bandRows(2, 100_000, 4096));
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            DepthwiseConv3x3Kernel k = set.depthwise();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[26], null, 3));
            assertTrue(e.getMessage().contains("27") && e.getMessage().contains("26"), e.getMessage());
            DepthwiseConv3x3Kernel.PackedWeights w = k.pack(new float[27], null, 3);
            float[] in = new float[3 * 4 * 4], out = new float[3 * 4 * 4];
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 3, 4, 4, in, 0, 3, out, 0, 3, 0, 2, false));
            assertTrue(e.getMessage().contains("3"), e.getMessage());
            // Output view too small: 4 rows of 4 pixels need 48 floats, the array holds 47.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 3, new float[47], 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 2, out, 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("pixelStride 2"), e.getMessage());
            KernelSet other = KernelRegistry.all().getLast() == set ? KernelRegistry.all().getFirst() : KernelRegistry.all().getLast();
            if (other != set) {
                DepthwiseConv3x3Kernel.PackedWeights foreign = other.depthwise().pack(new float[27], null, 3);
                assertThrows(IllegalArgumentException.class,
                        () -> k.run(foreign, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, false));
            }
        }
    }
}
