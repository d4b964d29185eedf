package dev.shufflenet.panama.kernels.stem;

/**
 * The ShuffleNet stem in one pass: the API's NCHW input image, a 3x3 stride-2 convolution with padding 1
 * (dense, any input and output channel count), bias, optional ReLU, and a 3x3 stride-2 max pool with
 * padding 1, written as an NHWC view. The convolution's output (112 x 112 x 24 at 224 x 224) never exists
 * as a tensor: each conv row is pooled across its columns as it leaves the registers and folded into the
 * one or two pool output rows whose window holds it, so only pool rows are written.
 *
 * <p>Work units are pool output rows over the batch (row r is row r % outH of image r / outH), so a
 * thread's range is a row band; a band recomputes the one conv row it shares with the band above, and
 * writes only its own pool rows. Every output is the same operations in the same order for any band.
 */
public interface StemConvPoolKernel {
    String name();

    /**
     * The kernel that runs a stem of {@code outChannels} here: this one, or another member of its family that the
     * target's configuration picks for that channel count (the planner asks once per model, at plan time).
     */
    default StemConvPoolKernel forChannels(int outChannels) {
        return this;
    }

    /** Every kernel {@link #forChannels} can return, this one first: what the checks and the self-test cover. */
    default java.util.List<StemConvPoolKernel> members() {
        return java.util.List.of(this);
    }

    /**
     * @param weight [outChannels][inChannels][3][3] row-major (ONNX Conv weight)
     * @param bias   outChannels values, or null
     */
    PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels);

    /**
     * Pool output rows [rowBegin, rowEnd) over the batch.
     *
     * @param in    dense NCHW images of inChannels x inH x inW floats, image 0 at {@code inOff}
     * @param out   NHWC view: channel m of pool pixel q at {@code outOff + q * outStride + m}
     * @param relu  ReLU on the conv output (before the pool)
     */
    void run(PackedWeights w, int inH, int inW, float[] in, int inOff, float[] out, int outOff, int outStride,
             int rowBegin, int rowEnd, boolean relu);

    /** Rows (or columns) of the conv output: (in + 2 - 3) / 2 + 1. */
    static int convSize(int in) { return (in - 1) / 2 + 1; }

    /** Rows (or columns) of the pool output for an input of {@code in} rows (or columns). */
    static int outSize(int in) { return (convSize(in) - 1) / 2 + 1; }

    interface PackedWeights {
        int outChannels();
        int inChannels();
    }
}
