package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the direct convolution kernels. */
final class DirectConvArgs {
    private DirectConvArgs() {}

    static void checkPack(String kernel, float[] weight, float[] bias, int outChannels, int inChannels,
                          int kernelH, int kernelW) {
        Checks.positive(kernel, "outChannels", outChannels);
        Checks.positive(kernel, "inChannels", inChannels);
        Checks.positive(kernel, "kernelH", kernelH);
        Checks.positive(kernel, "kernelW", kernelW);
        Checks.length(kernel, "weight [" + outChannels + "][" + inChannels + "][" + kernelH + "][" + kernelW + "]",
                weight, (long) outChannels * inChannels * kernelH * kernelW);
        if (bias != null) Checks.length(kernel, "bias", bias, outChannels);
    }

    static int outSize(int in, int kernel, int stride, int padA, int padB) {
        return (in + padA + padB - kernel) / stride + 1;
    }

    static void checkRun(String kernel, DirectConvKernel.PackedWeights w, int inH, int inW,
                         int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight,
                         float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                         int rowBegin, int rowEnd) {
        Checks.positive(kernel, "input height", inH);
        Checks.positive(kernel, "input width", inW);
        Checks.positive(kernel, "strideH", strideH);
        Checks.positive(kernel, "strideW", strideW);
        int kh = w.kernelH(), kw = w.kernelW();
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0)
            throw new IllegalArgumentException(kernel + ": padding must not be negative, found top " + padTop
                    + " left " + padLeft + " bottom " + padBottom + " right " + padRight);
        if (padTop >= kh || padBottom >= kh || padLeft >= kw || padRight >= kw)
            throw new IllegalArgumentException(kernel + ": padding (top " + padTop + ", left " + padLeft
                    + ", bottom " + padBottom + ", right " + padRight + ") must be smaller than the "
                    + kh + "x" + kw + " kernel, or some outputs would see no input");
        if (inH + padTop + padBottom < kh || inW + padLeft + padRight < kw)
            throw new IllegalArgumentException(kernel + ": padded input " + (inH + padTop + padBottom) + "x"
                    + (inW + padLeft + padRight) + " is smaller than the " + kh + "x" + kw + " kernel");
        if (rowBegin < 0 || rowEnd < rowBegin)
            throw new IllegalArgumentException(kernel + ": output row range [" + rowBegin + ", " + rowEnd
                    + ") is reversed or negative");
        if (rowEnd == rowBegin) return;
        int outH = outSize(inH, kh, strideH, padTop, padBottom);
        int outW = outSize(inW, kw, strideW, padLeft, padRight);
        long images = (rowEnd - 1) / outH + 1;
        Checks.view(kernel, "input", in, inOff, inStride, w.inChannels(), images * inH * inW);
        Checks.view(kernel, "output", out, outOff, outStride, w.outChannels(), (long) rowEnd * outW);
    }
}
