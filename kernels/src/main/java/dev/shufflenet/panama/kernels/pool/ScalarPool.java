package dev.shufflenet.panama.kernels.pool;

/** The reference pooling kernels: one output value at a time, window clipped to the image. */
public final class ScalarPool implements PoolKernel {
    private static final String NAME = "f32-pool-scalar";

    @Override
    public String name() { return NAME; }

    @Override
    public void maxPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight,
                        float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd) {
        pool(true, false, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom,
                padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, false);
    }

    @Override
    public void avgPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad,
                        float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd, boolean relu) {
        pool(false, countIncludePad, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft,
                padBottom, padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, relu);
    }

    private static void pool(boolean max, boolean countIncludePad, int channels, int inH, int inW,
                             int kernelH, int kernelW, int strideH, int strideW,
                             int padTop, int padLeft, int padBottom, int padRight,
                             float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                             int rowBegin, int rowEnd, boolean relu) {
        PoolArgs.checkWindow(NAME, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft,
                padBottom, padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        int outH = PoolKernel.outSize(inH, kernelH, strideH, padTop, padBottom);
        int outW = PoolKernel.outSize(inW, kernelW, strideW, padLeft, padRight);
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            for (int ow = 0; ow < outW; ow++) {
                int o = outOff + (r * outW + ow) * outStride;
                for (int c = 0; c < channels; c++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    int taps = 0;
                    for (int y = 0; y < kernelH; y++) {
                        int ih = oh * strideH - padTop + y;
                        if (ih < 0 || ih >= inH) continue;
                        for (int x = 0; x < kernelW; x++) {
                            int iw = ow * strideW - padLeft + x;
                            if (iw < 0 || iw >= inW) continue;
                            float v = in[inOff + ((n * inH + ih) * inW + iw) * inStride + c];
                            acc = max ? Math.max(acc, v) : acc + v;
                            taps++;
                        }
                    }
                    if (!max) acc *= 1f / (countIncludePad ? kernelH * kernelW : taps);
                    out[o + c] = relu ? Math.max(acc, 0f) : acc;
                }
            }
        }
    }

    @Override
    public void globalAvgPool(int channels, int pixelsPerImage, float[] in, int inOff, int inStride,
                              float[] out, int outOff, int outStride, int imageBegin, int imageEnd) {
        PoolArgs.checkGlobal(NAME, channels, pixelsPerImage, in, inOff, inStride, out, outOff, outStride,
                imageBegin, imageEnd);
        float scale = 1f / pixelsPerImage;
        for (int n = imageBegin; n < imageEnd; n++) {
            for (int c = 0; c < channels; c++) {
                float sum = 0f;
                for (int p = 0; p < pixelsPerImage; p++)
                    sum += in[inOff + (n * pixelsPerImage + p) * inStride + c];
                out[outOff + n * outStride + c] = sum * scale;
            }
        }
    }
}
