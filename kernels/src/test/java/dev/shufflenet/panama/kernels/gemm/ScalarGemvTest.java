package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.GemvCheck;
import dev.shufflenet.panama.kernels.check.PointwiseConvCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The GEMV's scalar twin against hand-computed values and, through {@link GemvCheck}, against a double-precision sum. */
class ScalarGemvTest {
    private final ScalarGemv kernel = new ScalarGemv();

    @Test
    void computesHandCheckedValues() {
        // w = [[1, 2, 3], [-1, 0, 1]], bias = [10, -20]; pixel 0 = (1, 1, 1), pixel 1 = (2, -1, 4).
        float[] w = {1, 2, 3, -1, 0, 1};
        float[] in = {1, 1, 1, 2, -1, 4};
        float[] out = new float[4];
        PointwiseConvKernel.PackedWeights packed = kernel.pack(w, new float[] {10, -20}, 2, 3);
        kernel.run(packed, in, 0, 3, out, 0, 2, 0, 2, false);
        assertArrayEquals(new float[] {16, -20, 22, -18}, out);
        kernel.run(packed, in, 0, 3, out, 0, 2, 0, 2, true);
        assertArrayEquals(new float[] {16, 0, 22, 0}, out);
    }

    @Test
    void reluKeepsNan() {
        float[] out = new float[1];
        kernel.run(kernel.pack(new float[] {1}, null, 1, 1), new float[] {Float.NaN}, 0, 1, out, 0, 1, 0, 1, true);
        assertTrue(Float.isNaN(out[0]), "relu must not hide a NaN");
    }

    static Stream<PointwiseConvCheck.Shape> doublePrecisionShapes() {
        return GemvCheck.DOUBLE_PRECISION_SHAPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("doublePrecisionShapes")
    void matchesDoublePrecision(PointwiseConvCheck.Shape shape) {
        GemvCheck.checkDoublePrecision(kernel, shape);
    }

    @Test
    void writesOnlyItsSliceOfAStridedView() {
        GemvCheck.checkStridedSlice(kernel);
    }

    @Test
    void isNamedAsScalar() {
        assertEquals("f32-gemv-scalar", kernel.name());
    }
}
