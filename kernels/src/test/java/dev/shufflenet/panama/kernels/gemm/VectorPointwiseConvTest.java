package dev.shufflenet.panama.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * Output channel counts around the lane count and the 6 x 4- and 6 x 2-vector tiles: partial last
     * vectors, and every split of the vectors into groups of 4, 2 and 1. Input channel counts around the lane count
     * (the kernel does not vectorize along them, but a broken stride would show there).
     */
    static Stream<Arguments> awkwardSizes() {
        TreeSet<Integer> ms = new TreeSet<>(List.of(1, 2, 3, 13, 58, L - 1, L, L + 1, 2 * L, 3 * L + 1, 5 * L,
                6 * L - 1, 7 * L - 3, 7 * L + 2, 11 * L + 5));
        ms.remove(0);
        TreeSet<Integer> ks = new TreeSet<>(List.of(1, 2, 3, 13, 24, 37, L - 1, L, L + 1));
        ks.remove(0);
        int[] pixelCounts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 17, 49};
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int pixels = pixelCounts[i % pixelCounts.length];
                int layout = i % 3; // dense; channel slices (stride > channels); slices at an offset
                cases.add(Arguments.of(m, k, pixels, (i / 3) % 2 == 0, i % 2 == 0,
                        layout == 0 ? 0 : 3, layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} bias={3} relu={4} inPad={5} outPad={6} offset={7}")
    @MethodSource("awkwardSizes")
    void matchesScalarOnAwkwardSizes(int m, int k, int pixels, boolean bias, boolean relu, int inPad, int outPad,
                                     int offset) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, bias, inPad, outPad, offset, 31L * m + k);
        float[] expected = problem.run(scalar, 0, pixels, relu);
        for (VectorPointwiseConv vector : TILES) {
            float[] result = problem.run(vector, 0, pixels, relu);
            problem.assertOnlyRangeWritten(result, 0, pixels);
            problem.assertCloseTo(result, expected, 0, pixels);
        }
    }

    /** Every pixel count up to 3 full tiles, so every tail (2-pixel tiles, repeated rows) is met. */
    @Test
    void handlesEveryPixelTail() {
        for (int m : new int[] {4 * L, 3 * L - 2}) {
            for (int pixels = 1; pixels <= 20; pixels++) {
                PointwiseProblem problem = new PointwiseProblem(m, 9, pixels, true, 1, 2, 3, pixels);
                float[] expected = problem.run(scalar, 0, pixels, true);
                for (VectorPointwiseConv vector : TILES) {
                    float[] result = problem.run(vector, 0, pixels, true);
                    problem.assertOnlyRangeWritten(result, 0, pixels);
                    problem.assertCloseTo(result, expected, 0, pixels);
                }
            }
        }
    }

    /** A thread's range inside a bigger tensor: pixels on either side must stay untouched. */
    @ParameterizedTest(name = "pixels [{0}, {1}) of 23")
    @CsvSource({"0, 23", "0, 1", "22, 23", "5, 6", "3, 10", "7, 20", "1, 22", "9, 9"})
    void writesOnlyItsPixelRange(int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(2 * L + 3, 11, 23, true, 2, 3, 5, begin * 100L + end);
        float[] expected = problem.run(scalar, begin, end, false);
        for (VectorPointwiseConv vector : TILES) {
            float[] result = problem.run(vector, begin, end, false);
            problem.assertOnlyRangeWritten(result, begin, end);
            problem.assertCloseTo(result, expected, begin, end);
        }
    }

    /**
     * ShuffleNet v2 1.0x pointwise layers at batch 1, one per channel count (58, 116, 232, 464) and the
     * classifier; the bigger layers of the same widths add time, not cases.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"58, 24, 3136", "116, 116, 196", "232, 232, 49", "464, 464, 49", "1000, 1024, 1"})
    void matchesExactSumOnShuffleNetShapes(int m, int k, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, m + k);
        for (VectorPointwiseConv vector : TILES)
            problem.assertCloseToExact(problem.run(vector, 0, pixels, true), 0, pixels, true);
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
        assertArrayEquals(new int[] {4, 4, 4, 2, 1}, ChannelBlockedWeights.groupWidths(15, 4));
        assertArrayEquals(new int[] {4, 2}, ChannelBlockedWeights.groupWidths(6, 4));
        assertArrayEquals(new int[] {1}, ChannelBlockedWeights.groupWidths(1, 4));
        assertArrayEquals(new int[] {4, 4}, ChannelBlockedWeights.groupWidths(8, 4));
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
