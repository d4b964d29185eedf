package dev.shufflenet.panama.kernels.dwconv;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the depthwise kernels, so scalar and vector refuse exactly the same calls. */
final class DepthwiseArgs {
    private DepthwiseArgs() {}

    static void checkPack(String kernel, float[] weight, float[] bias, int channels) {
        Checks.positive(kernel, "channels", channels);
        Checks.length(kernel, "weight [channels][1][3][3]", weight, 9L * channels);
        if (bias != null) Checks.length(kernel, "bias", bias, channels);
    }

    /** Checks everything but the weights' class; returns nothing, throws IllegalArgumentException. */
    static void checkRun(String kernel, int channels, int stride, int inH, int inW,
                         float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                         int rowBegin, int rowEnd) {
        if (stride != 1 && stride != 2)
            throw new IllegalArgumentException(kernel + ": stride must be 1 or 2, found " + stride);
        Checks.positive(kernel, "input height", inH);
        Checks.positive(kernel, "input width", inW);
        if (rowBegin < 0 || rowEnd < rowBegin)
            throw new IllegalArgumentException(kernel + ": output row range [" + rowBegin + ", " + rowEnd
                    + ") is reversed or negative");
        if (rowEnd == rowBegin) return;
        int outH = DepthwiseConv3x3Kernel.outSize(inH, stride);
        int outW = DepthwiseConv3x3Kernel.outSize(inW, stride);
        long images = (rowEnd - 1) / outH + 1;
        Checks.view(kernel, "input", in, inOff, inStride, channels, images * inH * inW);
        Checks.view(kernel, "output", out, outOff, outStride, channels, (long) rowEnd * outW);
    }
}
