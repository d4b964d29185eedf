package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the fused stem kernels; every failure names the kernel and the numbers. */
final class StemConvPoolArgs {
    private StemConvPoolArgs() {}

    static void checkPack(String kernel, float[] weight, float[] bias, int outChannels, int inChannels) {
        Checks.positive(kernel, "outChannels", outChannels);
        Checks.positive(kernel, "inChannels", inChannels);
        Checks.length(kernel, "weight [" + outChannels + "][" + inChannels + "][3][3]", weight,
                9L * outChannels * inChannels);
        if (bias != null) Checks.length(kernel, "bias", bias, outChannels);
    }

    static void checkRun(String kernel, StemConvPoolKernel.PackedWeights w, int inH, int inW, float[] in, int inOff,
                         float[] out, int outOff, int outStride, int rowBegin, int rowEnd) {
        Checks.positive(kernel, "input height", inH);
        Checks.positive(kernel, "input width", inW);
        if (rowBegin < 0 || rowEnd < rowBegin)
            throw new IllegalArgumentException(kernel + ": output row range [" + rowBegin + ", " + rowEnd
                    + ") is reversed or negative");
        if (rowEnd == rowBegin) return;
        int outH = StemConvPoolKernel.outSize(inH), outW = StemConvPoolKernel.outSize(inW);
        long images = (rowEnd - 1) / outH + 1;
        long imageFloats = (long) w.inChannels() * inH * inW;
        // The input is dense NCHW: seen as a view of images * C*H*W one-float pixels.
        Checks.view(kernel, "NCHW input", in, inOff, 1, 1, images * imageFloats);
        Checks.view(kernel, "output", out, outOff, outStride, w.outChannels(), (long) rowEnd * outW);
    }
}
