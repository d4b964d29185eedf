package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.VectorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector GEMV against the exact sum (double precision, per-output bound from float summation error:
 * {@link PointwiseProblem#assertCloseToExact}) and against its scalar twin, which does the same FMAs in the
 * same order and so must give the same bits; at whatever species this JVM runs (the build reruns the suite at
 * -Dshufflenet.vectorBits=128 and 256).
 */
class VectorGemvTest {
    private static final int L = VectorConfig.LANES;
    private final VectorGemv vector = new VectorGemv();
    private final ScalarGemv scalar = new ScalarGemv();

    @BeforeAll
    static void warmUp() {
        new VectorGemv().warmUp(3_000);
    }

    /**
     * Output channel counts around the lane count and the 8-vector block: partial last vectors, every split
     * into blocks of 8, 4, 2 and 1 (15 vectors: all four), and the classifier's 1000. Pixel counts 1 to 5:
     * one column, a pair, a pair and a column. Views dense, strided (channel slices) and at an offset.
     */
    static Stream<Arguments> awkwardSizes() {
        TreeSet<Integer> ms = new TreeSet<>(List.of(1, 3, L - 1, L, L + 1, 3 * L, 8 * L - 1, 8 * L, 8 * L + 1,
                12 * L + 5, 15 * L - 1, 15 * L, 16 * L + 3, 1000));
        int[] ks = {1, 2, 13, 37, L + 1};
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int pixels = 1 + i % 5;
                int layout = i % 3; // dense; channel slices (stride > channels); slices at an offset
                cases.add(Arguments.of(m, k, pixels, (i / 3) % 2 == 0, i % 2 == 0,
                        layout == 0 ? 0 : 3, layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} bias={3} relu={4} inPad={5} outPad={6} offset={7}")
    @MethodSource("awkwardSizes")
    void matchesExactSumAndScalarTwinOnAwkwardSizes(int m, int k, int pixels, boolean bias, boolean relu, int inPad,
                                                    int outPad, int offset) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, bias, inPad, outPad, offset, 31L * m + k);
        float[] result = problem.run(vector, 0, pixels, relu);
        problem.assertOnlyRangeWritten(result, 0, pixels);
        problem.assertCloseToExact(result, 0, pixels, relu);
        assertArrayEquals(problem.run(scalar, 0, pixels, relu), result, "the scalar twin's bits, " + problem.describe());
    }

    /** The FC layers of the built-in models (v2: 1024 and 2048 inputs; v1: 240 to 1920) at batch 1 and 8. */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1000, 1024, 1", "1000, 2048, 1", "1000, 960, 1", "1000, 1920, 1", "1000, 576, 1", "1000, 1024, 8",
            "1000, 1920, 8"})
    void matchesExactSumOnClassifierShapes(int m, int k, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, m + k);
        float[] result = problem.run(vector, 0, pixels, false);
        problem.assertCloseToExact(result, 0, pixels, false);
        assertArrayEquals(problem.run(scalar, 0, pixels, false), result);
    }

    /** A thread's range inside a bigger tensor, odd and even starts and lengths: nothing else is written. */
    @ParameterizedTest(name = "pixels [{0}, {1}) of 9")
    @CsvSource({"0, 9", "0, 1", "8, 9", "3, 4", "1, 8", "2, 7", "4, 4"})
    void writesOnlyItsPixelRange(int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(9 * L + 3, 17, 9, true, 2, 3, 5, begin * 100L + end);
        float[] result = problem.run(vector, begin, end, true);
        problem.assertOnlyRangeWritten(result, begin, end);
        problem.assertCloseToExact(result, begin, end, true);
    }

    /**
     * A pixel computed in a pair gives the bits it gives alone: however the runtime splits a batch among
     * threads, an image's logits are the same.
     */
    @Test
    void pixelsInPairsGiveTheBitsTheyGiveAlone() {
        PointwiseProblem problem = new PointwiseProblem(15 * L - 2, 33, 5, true, 1, 2, 3, 99);
        float[] together = problem.run(vector, 0, 5, true);
        PointwiseConvKernel.PackedWeights packed = problem.pack(vector);
        float[] alone = problem.out.clone();
        for (int p = 0; p < 5; p++)
            vector.run(packed, problem.in, problem.inOff, problem.inStride, alone, problem.outOff, problem.outStride,
                    p, p + 1, true);
        assertArrayEquals(together, alone);
    }

    @Test
    void propagatesNanAndAppliesRelu() {
        int m = 8 * L + 2;
        float[] w = new float[m * 2];
        for (int c = 0; c < m; c++) {
            w[2 * c] = c % 2 == 0 ? 1 : -1;
            w[2 * c + 1] = 0.5f;
        }
        float[] in = {3, 2, Float.NaN, 1, 3, 2};
        float[] out = new float[3 * m];
        vector.run(vector.pack(w, null, m, 2), in, 0, 2, out, 0, m, 0, 3, true);
        for (int c = 0; c < m; c++) {
            assertEquals(c % 2 == 0 ? 4f : 0f, out[c], "pixel 0 channel " + c + ": relu(+-3 + 1)");
            assertTrue(Float.isNaN(out[m + c]), "pixel 1 channel " + c + " has a NaN input");
            assertEquals(c % 2 == 0 ? 4f : 0f, out[2 * m + c], "pixel 2 channel " + c + " (alone after a pair)");
        }
    }

    @Test
    void refusesWeightsOfAnotherKernelAndViewsTooSmall() {
        PointwiseConvKernel.PackedWeights other = new VectorPointwiseConv().pack(new float[6], null, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vector.run(other, new float[3], 0, 3, new float[2], 0, 2, 0, 1, false));
        assertTrue(e.getMessage().contains(vector.name()) && e.getMessage().contains("packed by another kernel"),
                e.getMessage());
        PointwiseConvKernel.PackedWeights w = vector.pack(new float[6], null, 2, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> vector.run(w, new float[5], 0, 3, new float[4], 0, 2, 0, 2, false));
        assertTrue(e.getMessage().contains("input view needs 6 floats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vector.pack(new float[5], null, 2, 3));
        assertTrue(e.getMessage().contains("weight must hold 6 floats, found 5"), e.getMessage());
    }

    @Test
    void splitsOutputVectorsIntoBlocksOfEightFourTwoAndOne() {
        assertArrayEquals(new int[] {8, 4, 2, 1}, ChannelBlockedWeights.groupWidths(15, VectorGemv.BLOCK_VECTORS));
        // 1000 outputs at 8 lanes: 125 vectors = 15 blocks of 8, then 4 and 1.
        assertArrayEquals(new int[] {8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 4, 1},
                ChannelBlockedWeights.groupWidths(125, VectorGemv.BLOCK_VECTORS));
    }

    @Test
    void namesItsSpecies() {
        assertEquals("f32-gemv-8v-relu-vector" + VectorConfig.SPECIES.vectorBitSize(), vector.name());
    }
}
