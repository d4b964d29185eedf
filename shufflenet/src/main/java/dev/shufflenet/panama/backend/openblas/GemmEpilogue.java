package dev.shufflenet.panama.backend.openblas;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The passes around a BLAS call that turn a plain matrix product into a pointwise conv: bias and ReLU over
 * a block of rows (pixels) of {@code m} values each, {@code stride} apart. Only the first {@code m} values
 * of a row are touched: the rest may be another tensor's channels.
 *
 * <p>ReLU is {@code x < 0 ? 0 : x}, as in the scalar reference kernel: NaN and -0.0 pass unchanged (a
 * {@code max(x, 0)} would turn -0.0 into 0.0).
 */
final class GemmEpilogue {
    private static final VectorSpecies<Float> SPECIES = VectorConfig.SPECIES;

    private GemmEpilogue() {}

    /** Writes {@code bias} into each row, so that a following {@code beta = 1} product adds to it. */
    static void fillRows(float[] out, int off, int stride, int rows, float[] bias, int m) {
        for (int r = 0, o = off; r < rows; r++, o += stride) System.arraycopy(bias, 0, out, o, m);
    }

    /** {@code x = relu(x)} over each row. */
    static void relu(float[] out, int off, int stride, int rows, int m) {
        int bound = SPECIES.loopBound(m);
        for (int r = 0, o = off; r < rows; r++, o += stride) {
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector x = FloatVector.fromArray(SPECIES, out, o + i);
                x.blend(0f, x.compare(VectorOperators.LT, 0f)).intoArray(out, o + i);
            }
            for (; i < m; i++) {
                float x = out[o + i];
                out[o + i] = x < 0f ? 0f : x;
            }
        }
    }

    /** {@code x = x + bias}, then ReLU when asked, over each row. */
    static void addBias(float[] out, int off, int stride, int rows, float[] bias, int m, boolean relu) {
        int bound = SPECIES.loopBound(m);
        for (int r = 0, o = off; r < rows; r++, o += stride) {
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector x = FloatVector.fromArray(SPECIES, out, o + i).add(FloatVector.fromArray(SPECIES, bias, i));
                if (relu) x = x.blend(0f, x.compare(VectorOperators.LT, 0f));
                x.intoArray(out, o + i);
            }
            for (; i < m; i++) {
                float x = out[o + i] + bias[i];
                out[o + i] = relu && x < 0f ? 0f : x;
            }
        }
    }
}
