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

    interface PackedWeights {
        int outChannels();
        int inChannels();
        int kernelH();
        int kernelW();
    }
}
