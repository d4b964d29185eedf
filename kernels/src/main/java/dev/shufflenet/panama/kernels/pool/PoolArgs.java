package dev.shufflenet.panama.kernels.pool;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the pooling kernels. */
final class PoolArgs {
    private PoolArgs() {}

    static void checkWindow(String kernel, int channels, int inH, int inW, int kernelH, int kernelW,
                            int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight,
                            float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                            int rowBegin, int rowEnd) {
        Checks.positive(kernel, "channels", channels);
        Checks.positive(kernel, "input height", inH);
        Checks.positive(kernel, "input width", inW);
        Checks.positive(kernel, "kernelH", kernelH);
        Checks.positive(kernel, "kernelW", kernelW);
        Checks.positive(kernel, "strideH", strideH);
        Checks.positive(kernel, "strideW", strideW);
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0
                || padTop >= kernelH || padBottom >= kernelH || padLeft >= kernelW || padRight >= kernelW)
            throw new IllegalArgumentException(kernel + ": padding (top " + padTop + ", left " + padLeft
                    + ", bottom " + padBottom + ", right " + padRight + ") must be in [0, kernel) for the "
                    + kernelH + "x" + kernelW + " window, or a window could hold padding only");
        if (inH + padTop + padBottom < kernelH || inW + padLeft + padRight < kernelW)
            throw new IllegalArgumentException(kernel + ": padded input " + (inH + padTop + padBottom) + "x"
                    + (inW + padLeft + padRight) + " is smaller than the " + kernelH + "x" + kernelW + " window");
        if (rowBegin < 0 || rowEnd < rowBegin)
            throw new IllegalArgumentException(kernel + ": output row range [" + rowBegin + ", " + rowEnd
                    + ") is reversed or negative");
        if (rowEnd == rowBegin) return;
        int outH = PoolKernel.outSize(inH, kernelH, strideH, padTop, padBottom);
        int outW = PoolKernel.outSize(inW, kernelW, strideW, padLeft, padRight);
        long images = (rowEnd - 1) / outH + 1;
        Checks.view(kernel, "input", in, inOff, inStride, channels, images * inH * inW);
        Checks.view(kernel, "output", out, outOff, outStride, channels, (long) rowEnd * outW);
    }

    static void checkGlobal(String kernel, int channels, int pixelsPerImage, float[] in, int inOff, int inStride,
                            float[] out, int outOff, int outStride, int imageBegin, int imageEnd) {
        Checks.positive(kernel, "channels", channels);
        Checks.positive(kernel, "pixelsPerImage", pixelsPerImage);
        if (imageBegin < 0 || imageEnd < imageBegin)
            throw new IllegalArgumentException(kernel + ": image range [" + imageBegin + ", " + imageEnd
                    + ") is reversed or negative");
        if (imageEnd == imageBegin) return;
        Checks.view(kernel, "input", in, inOff, inStride, channels, (long) imageEnd * pixelsPerImage);
        Checks.view(kernel, "output", out, outOff, outStride, channels, imageEnd);
    }
}
