package dev.shufflenet.panama.kernels.gemm;

/** The reference GEMM epilogue: one float at a time. */
public final class ScalarGemmEpilogue implements GemmEpilogueKernel {
    private static final String NAME = "f32-gemm-epilogue-bias-relu-scalar";

    @Override
    public String name() { return NAME; }

    @Override
    public void fillRows(float[] out, int off, int stride, int rows, float[] bias, int m) {
        GemmEpilogueKernel.check(NAME, out, off, stride, rows, java.util.Objects.requireNonNull(bias, "bias"), m);
        for (int r = 0, o = off; r < rows; r++, o += stride) System.arraycopy(bias, 0, out, o, m);
    }

    @Override
    public void relu(float[] out, int off, int stride, int rows, int m) {
        GemmEpilogueKernel.check(NAME, out, off, stride, rows, null, m);
        for (int r = 0, o = off; r < rows; r++, o += stride) reluRow(out, o, 0, m);
    }

    @Override
    public void addBias(float[] out, int off, int stride, int rows, float[] bias, int m, boolean relu) {
        GemmEpilogueKernel.check(NAME, out, off, stride, rows, java.util.Objects.requireNonNull(bias, "bias"), m);
        for (int r = 0, o = off; r < rows; r++, o += stride) addBiasRow(out, o, bias, 0, m, relu);
    }

    @Override
    public void addResidualRelu(float[] out, int off, int stride, int rows, float[] bias, int m, float[] res,
                                int resOff, int resStride) {
        GemmEpilogueKernel.check(NAME, out, off, stride, rows, bias, m);
        dev.shufflenet.panama.kernels.Checks.view(NAME, "residual", res, resOff, resStride, m, rows);
        for (int r = 0, o = off, q = resOff; r < rows; r++, o += stride, q += resStride)
            addResidualReluRow(out, o, bias, res, q, 0, m);
    }

    /** Values [from, m) of the row at o, residual row at q; the vector kernel's tail. */
    static void addResidualReluRow(float[] out, int o, float[] bias, float[] res, int q, int from, int m) {
        for (int i = from; i < m; i++) {
            float x = bias == null ? out[o + i] : out[o + i] + bias[i];
            float y = x + res[q + i];
            out[o + i] = y < 0f ? 0f : y;
        }
    }

    @Override
    public void addBiasClamp(float[] out, int off, int stride, int rows, float[] bias, int m, float min, float max) {
        GemmEpilogueKernel.check(NAME, out, off, stride, rows, bias, m);
        dev.shufflenet.panama.kernels.Checks.clampBounds(NAME, min, max);
        for (int r = 0, o = off; r < rows; r++, o += stride) addBiasClampRow(out, o, bias, 0, m, min, max);
    }

    /** Values [from, m) of the row at o (bias null: none); the vector kernel's tail. */
    static void addBiasClampRow(float[] out, int o, float[] bias, int from, int m, float min, float max) {
        for (int i = from; i < m; i++) {
            float x = bias == null ? out[o + i] : out[o + i] + bias[i];
            if (x > max) x = max;
            out[o + i] = x < min ? min : x;
        }
    }

    /** Values [from, m) of the row at o; the vector kernel's tail. */
    static void reluRow(float[] out, int o, int from, int m) {
        for (int i = from; i < m; i++) {
            float x = out[o + i];
            out[o + i] = x < 0f ? 0f : x;
        }
    }

    /** Values [from, m) of the row at o; the vector kernel's tail. */
    static void addBiasRow(float[] out, int o, float[] bias, int from, int m, boolean relu) {
        for (int i = from; i < m; i++) {
            float x = out[o + i] + bias[i];
            out[o + i] = relu && x < 0f ? 0f : x;
        }
    }
}
