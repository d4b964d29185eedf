package dev.shufflenet.panama.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.check.PointwiseConvCheck;
import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernel against the scalar reference and the exact sum, at whatever species this JVM runs
 * (the build runs the suite three times: at the preferred species and at -Dshufflenet.vectorBits=128 and 256).
 */
class VectorPointwiseConvTest {
    private static final int L = VectorConfig.LANES;
    /** Both main tiles (the target's first): each target uses one, and every one must be right. */
    private static final List<VectorPointwiseConv> TILES = VectorPointwiseConv.tiles();
    private final VectorPointwiseConv vector = new VectorPointwiseConv();
    private final ScalarPointwiseConv scalar = new ScalarPointwiseConv();

    /** Compiles the micro-kernels first (for at most 3 s): interpreted, the bigger cases take seconds each. */
    @BeforeAll
    static void warmUp() {
        new VectorPointwiseConv().warmUp(3_000);
    }

    static Stream<PointwiseConvCheck.Shape> awkwardSizes() {
        return PointwiseConvCheck.awkwardSizes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardSizes")
    void matchesScalarOnAwkwardSizes(PointwiseConvCheck.Shape shape) {
        for (VectorPointwiseConv vector : TILES) PointwiseConvCheck.checkAgainst(vector, scalar, shape);
    }

    /** Every pixel count up to 3 full tiles, so every tail (2-pixel tiles, repeated rows) is met. */
    @Test
    void handlesEveryPixelTail() {
        for (int m : PointwiseConvCheck.pixelTailChannels())
            for (int pixels = 1; pixels <= 20; pixels++)
                for (VectorPointwiseConv vector : TILES) PointwiseConvCheck.checkPixelTail(vector, scalar, m, pixels);
    }

    /** A thread's range inside a bigger tensor: pixels on either side must stay untouched. */
    @Test
    void writesOnlyItsPixelRange() {
        for (int[] r : PointwiseConvCheck.RANGES)
            for (VectorPointwiseConv vector : TILES) PointwiseConvCheck.checkRange(vector, scalar, r[0], r[1]);
    }

    /**
     * ShuffleNet v2 1.0x pointwise layers at batch 1, one per channel count (58, 116, 232, 464) and the
     * classifier; the bigger layers of the same widths add time, not cases.
     */
    @Test
    void matchesExactSumOnShuffleNetShapes() {
        for (int[] s : PointwiseConvCheck.SHUFFLENET_SHAPES)
            for (VectorPointwiseConv vector : TILES) PointwiseConvCheck.checkExact(vector, s[0], s[1], s[2]);
    }

    @Test
    void threadsOnDisjointRangesShareWeights() throws Exception {
        PointwiseProblem problem = new PointwiseProblem(5 * L + 1, 40, 101, true, 77);
        PointwiseConvKernel.PackedWeights packed = problem.pack(vector);
        float[] whole = problem.run(vector, 0, problem.pixels, true);
        float[] split = problem.out.clone();
        int[] bounds = {0, 13, 14, 50, 77, 101};
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> parts = new ArrayList<>();
            for (int i = 0; i + 1 < bounds.length; i++) {
                int begin = bounds[i], end = bounds[i + 1];
                parts.add(pool.submit(() -> {
                    for (int repeat = 0; repeat < 5; repeat++)
                        vector.run(packed, problem.in, problem.inOff, problem.inStride, split, problem.outOff,
                                problem.outStride, begin, end, true);
                }));
            }
            for (Future<?> part : parts) part.get();
        }
        // The same arithmetic per output, whichever range it was computed in.
        assertArrayEquals(whole, split);
    }

    @Test
    void propagatesNanAndAppliesRelu() {
        int m = L + 2;
        float[] w = new float[m * 2];
        for (int c = 0; c < m; c++) {
            w[2 * c] = c % 2 == 0 ? 1 : -1;
            w[2 * c + 1] = 0.5f;
        }
        float[] in = {3, 2, Float.NaN, 1};
        float[] out = new float[2 * m];
        for (VectorPointwiseConv vector : TILES) {
            vector.run(vector.pack(w, null, m, 2), in, 0, 2, out, 0, m, 0, 2, true);
            for (int c = 0; c < m; c++) {
                assertEquals(c % 2 == 0 ? 4f : 0f, out[c], vector.name() + " pixel 0 channel " + c + ": relu(+-3 + 1)");
                assertTrue(Float.isNaN(out[m + c]), vector.name() + " pixel 1 channel " + c + " has a NaN input");
            }
        }
    }

    @Test
    void splitsVectorsIntoGroupsOfFourTwoAndOne() {
        assertArrayEquals(new int[] {4, 4, 4, 2, 1}, ChannelBlockedWeights.groupWidths(15, 4, false));
        assertArrayEquals(new int[] {4, 2}, ChannelBlockedWeights.groupWidths(6, 4, false));
        assertArrayEquals(new int[] {1}, ChannelBlockedWeights.groupWidths(1, 4, false));
        assertArrayEquals(new int[] {4, 4}, ChannelBlockedWeights.groupWidths(8, 4, false));
        assertArrayEquals(new int[] {2, 1}, ChannelBlockedWeights.groupWidths(3, 4, false));
        // One group of 3 only for a layer of exactly three vectors, and only under the 4-vector main tile.
        assertArrayEquals(new int[] {3}, ChannelBlockedWeights.groupWidths(3, 4, true));
        assertArrayEquals(new int[] {4, 2, 1}, ChannelBlockedWeights.groupWidths(7, 4, true));
        assertArrayEquals(new int[] {2, 1}, ChannelBlockedWeights.groupWidths(3, 2, true));
    }

    @Test
    void namesItsTileAndSpecies() {
        String bits = Integer.toString(VectorConfig.SPECIES.vectorBitSize());
        assertEquals("f32-gemm-6x4v-relu-vector" + bits, new VectorPointwiseConv(4).name());
        assertEquals("f32-gemm-6x2v-relu-vector" + bits, new VectorPointwiseConv(2).name());
        int target = TargetConfigs.current().gemm().mainVectors();
        assertEquals("f32-gemm-6x" + target + "v-relu-vector" + bits, vector.name(), "the target's tile");
        assertThrows(IllegalArgumentException.class, () -> new VectorPointwiseConv(3));
    }
}
