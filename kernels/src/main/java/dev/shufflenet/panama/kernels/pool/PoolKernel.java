package dev.shufflenet.panama.kernels.pool;

/**
 * KxK max or average pooling over NHWC views (any kernel, stride and padding). Padding never wins a
 * max; for average, countIncludePad chooses the divisor kernelH*kernelW (PyTorch's default, which the
 * ShuffleNet v1 shortcut uses) or the number of in-image taps (ONNX's default).
 */
public interface PoolKernel {
    String name();

    void maxPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                 int padTop, int padLeft, int padBottom, int padRight,
                 float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                 int rowBegin, int rowEnd);

    void avgPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                 int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad,
                 float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                 int rowBegin, int rowEnd, boolean relu);

    /**
     * Mean over all H*W pixels of images [imageBegin, imageEnd): out[n][c] at outOff + n*outStride + c.
     */
    void globalAvgPool(int channels, int pixelsPerImage, float[] in, int inOff, int inStride,
                       float[] out, int outOff, int outStride, int imageBegin, int imageEnd);

    static int outSize(int in, int kernel, int stride, int padA, int padB) {
        return (in + padA + padB - kernel) / stride + 1;
    }
}
