package dev.shufflenet.panama.kernels.conv;

/**
 * Dense (groups = 1) KxK convolution with any stride and padding, over NHWC views: the network stem
 * (3x3, stride 2, 3 to 24 channels). Meant for few input channels, where a GEMM would be all overhead.
 */
public interface DirectConvKernel {
    String name();

    /**
     * @param weight [outChannels][inChannels][kernelH][kernelW] row-major (ONNX Conv weight)
     * @param bias   outChannels values, or null
     */
    PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels, int kernelH, int kernelW);

    /**
     * Output rows [rowBegin, rowEnd) over the batch (row r is row r % outH of image r / outH), where
     * outH = (inH + padTop + padBottom - kernelH) / strideH + 1 and likewise outW.
     */
    void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
             int padTop, int padLeft, int padBottom, int padRight,
             float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
             int rowBegin, int rowEnd, boolean relu);

    /**
     * The name of the minmax variant (XNNPACK's term): the same conv with each output clamped to [min, max],
     * e.g. "f32-conv-direct-6x2v-minmax-vector256" for a ReLU6 stem; what {@code info --plan} prints for it.
     *
     * @throws UnsupportedOperationException when this kernel has no minmax variant
     */
    default String minmaxName() {
        throw new UnsupportedOperationException(name() + " has no minmax (clamping) variant");
    }

    /**
     * As the plain run, each output clamped to [min, max] ({@code max(x, min)}, then {@code x > max ? max :
     * x}; NaN stays NaN): ReLU6 is min 0, max 6. The default serves only the bounds of the plain kernel
     * (min 0 or -infinity, max +infinity); kernels with a {@link #minmaxName()} override it.
     */
    default void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
                     int padTop, int padLeft, int padBottom, int padRight,
                     float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int rowBegin, int rowEnd, float min, float max) {
        run(w, inH, inW, strideH, strideW, padTop, padLeft, padBottom, padRight, in, inOff, inStride, out, outOff,
                outStride, rowBegin, rowEnd,
                dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel.reluFor(name(), min, max));
    }

    interface PackedWeights {
        int outChannels();
        int inChannels();
        int kernelH();
        int kernelW();
    }
}
