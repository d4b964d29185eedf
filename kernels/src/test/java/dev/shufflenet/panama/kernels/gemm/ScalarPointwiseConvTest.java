package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseProblem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference kernel against hand-computed values and against a double-precision sum. */
class ScalarPointwiseConvTest {
    private final ScalarPointwiseConv kernel = new ScalarPointwiseConv();

    @Test
    void computesHandCheckedValues() {
        // w = [[1, 2, 3], [-1, 0, 1]], bias = [10, -20]; pixel 0 = (1, 1, 1), pixel 1 = (2, -1, 4).
        float[] w = {1, 2, 3, -1, 0, 1};
        float[] bias = {10, -20};
        float[] in = {1, 1, 1, 2, -1, 4};
        float[] out = new float[4];
        PointwiseConvKernel.PackedWeights packed = kernel.pack(w, bias, 2, 3);
        kernel.run(packed, in, 0, 3, out, 0, 2, 0, 2, false);
        // pixel 0: 10 + 6 = 16, -20 + 0 = -20; pixel 1: 10 + 2 - 2 + 12 = 22, -20 - 2 + 4 = -18
        assertArrayEquals(new float[] {16, -20, 22, -18}, out);
        kernel.run(packed, in, 0, 3, out, 0, 2, 0, 2, true);
        assertArrayEquals(new float[] {16, 0, 22, 0}, out);
    }

    @Test
    void reluKeepsNanAndNegativeZero() {
        float[] out = new float[3];
        // 1 input channel x = 1, 3 outputs: 1, -0.0 + 1 * -0.0 = -0.0, and -2.
        kernel.run(kernel.pack(new float[] {1, -0f, -2}, new float[] {0, -0f, 0}, 3, 1), new float[] {1}, 0, 1,
                out, 0, 3, 0, 1, true);
        assertEquals(1f, out[0]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(out[1]), "x < 0 ? 0 : x keeps -0.0");
        assertEquals(0f, out[2]);
        kernel.run(kernel.pack(new float[] {1}, null, 1, 1), new float[] {Float.NaN}, 0, 1, out, 0, 1, 0, 1, true);
        assertTrue(Float.isNaN(out[0]), "relu must not hide a NaN");
    }

    @ParameterizedTest(name = "{0}x{1}x{2} bias={3} relu={4}")
    @CsvSource({
        "1, 1, 1, true, false",
        "3, 5, 7, false, false",
        "17, 300, 3, true, true",
        "58, 24, 10, true, false",
        "64, 1024, 2, false, true",
    })
    void matchesDoublePrecision(int m, int k, int pixels, boolean bias, boolean relu) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, bias, m * 1000L + k);
        problem.assertCloseToExact(problem.run(kernel, 0, pixels, relu), 0, pixels, relu);
    }

    @Test
    void writesOnlyItsSliceOfAStridedView() {
        PointwiseProblem problem = new PointwiseProblem(5, 7, 9, true, 3, 4, 11, 7);
        float[] result = problem.run(kernel, 2, 8, true);
        problem.assertOnlyRangeWritten(result, 2, 8);
        problem.assertCloseToExact(result, 2, 8, true);
    }
}
