package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;

/**
 * The passes around a plain matrix product (a BLAS {@code sgemm}) that make it a pointwise conv: bias and
 * ReLU over {@code rows} rows (pixels) of {@code m} values each, {@code stride} apart, from {@code off}.
 * Only the first {@code m} values of a row are touched: the rest may be another tensor's channels.
 *
 * <p>ReLU is {@code x < 0 ? 0 : x}, as in {@link ScalarPointwiseConv}: NaN and -0.0 pass unchanged (a
 * {@code max(x, 0)} would turn -0.0 into 0.0). A bias add is one float add per value, so every
 * implementation gives the same bits.
 */
public interface GemmEpilogueKernel {
    /** E.g. "f32-gemm-epilogue-bias-relu-vector512". */
    String name();

    /** Writes {@code bias[0, m)} into each row, so that a following {@code beta = 1} product adds to it. */
    void fillRows(float[] out, int off, int stride, int rows, float[] bias, int m);

    /** {@code x = relu(x)} over each row. */
    void relu(float[] out, int off, int stride, int rows, int m);

    /** {@code x = x + bias}, then ReLU when asked, over each row. */
    void addBias(float[] out, int off, int stride, int rows, float[] bias, int m, boolean relu);

    /**
     * {@code x = relu((x + bias) + res)} over each row ({@code x + res} without a bias): the bias pass and
     * ShuffleNet v1's residual add + ReLU in one pass over the block a product just wrote. Each step is one
     * rounded float add, so the bits are those of {@link #addBias} followed by an elementwise add and ReLU.
     *
     * @param bias null when the product already holds it (a prefilled bias) or there is none
     * @param res  the residual rows: value i of row r at {@code resOff + r * resStride + i}; must not overlap out
     */
    void addResidualRelu(float[] out, int off, int stride, int rows, float[] bias, int m, float[] res, int resOff,
                         int resStride);

    /**
     * The minmax variant of {@link #addBias} (ReLU6 after a native GEMM): {@code x = x + bias} when a bias is
     * given (null: none), then {@code x > max ? max : x}, then {@code x < min ? min : x}, over each row.
     */
    void addBiasClamp(float[] out, int off, int stride, int rows, float[] bias, int m, float min, float max);

    /** The checks every implementation runs once per call: the rows fit in {@code out}, the bias holds m values. */
    static void check(String kernel, float[] out, int off, int stride, int rows, float[] bias, int m) {
        Checks.positive(kernel, "m", m);
        if (rows < 0) throw new IllegalArgumentException(kernel + ": rows must not be negative, found " + rows);
        Checks.view(kernel, "output", out, off, stride, m, rows);
        if (bias != null && bias.length < m)
            throw new IllegalArgumentException(kernel + ": bias must hold at least " + m + " floats, found "
                    + bias.length);
    }
}
