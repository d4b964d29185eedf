package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.Checks;
/** The reference direct convolution: one output value at a time, taps outside the image skipped. */
public final class ScalarDirectConv implements DirectConvKernel {
    private static final String NAME = "f32-conv-direct-scalar";
    private static final String MINMAX_NAME = "f32-conv-direct-minmax-scalar";

    /** ONNX layout kept as given, [outChannels][inChannels][kernelH][kernelW]; bias zeros when absent. */
    private record Packed(int outChannels, int inChannels, int kernelH, int kernelW, float[] weight,
                          float[] bias) implements PackedWeights {}

    @Override
    public String name() { return NAME; }

    @Override
    public String minmaxName() { return MINMAX_NAME; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels, int kernelH,
                              int kernelW) {
        DirectConvArgs.checkPack(NAME, weight, bias, outChannels, inChannels, kernelH, kernelW);
        return new Packed(outChannels, inChannels, kernelH, kernelW, weight.clone(),
                bias == null ? new float[outChannels] : bias.clone());
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
                    int padTop, int padLeft, int padBottom, int padRight,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        run(w, inH, inW, strideH, strideW, padTop, padLeft, padBottom, padRight, in, inOff, inStride, out, outOff,
                outStride, rowBegin, rowEnd, relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
                    int padTop, int padLeft, int padBottom, int padRight,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, float min, float max) {
        Checks.clampBounds(NAME, min, max);
        Packed p = Checks.packedBy(NAME, Packed.class, w);
        DirectConvArgs.checkRun(NAME, p, inH, inW, strideH, strideW, padTop, padLeft, padBottom, padRight,
                in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        int kh = p.kernelH, kw = p.kernelW, cin = p.inChannels, cout = p.outChannels;
        int outH = DirectConvArgs.outSize(inH, kh, strideH, padTop, padBottom);
        int outW = DirectConvArgs.outSize(inW, kw, strideW, padLeft, padRight);
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            for (int ow = 0; ow < outW; ow++) {
                int o = outOff + (r * outW + ow) * outStride;
                for (int m = 0; m < cout; m++) {
                    float acc = p.bias[m];
                    for (int y = 0; y < kh; y++) {
                        int ih = oh * strideH - padTop + y;
                        if (ih < 0 || ih >= inH) continue;
                        for (int x = 0; x < kw; x++) {
                            int iw = ow * strideW - padLeft + x;
                            if (iw < 0 || iw >= inW) continue;
                            int pixel = inOff + ((n * inH + ih) * inW + iw) * inStride;
                            for (int k = 0; k < cin; k++)
                                acc += in[pixel + k] * p.weight[((m * cin + k) * kh + y) * kw + x];
                        }
                    }
                    float y = Math.max(acc, min);
                    out[o + m] = y > max ? max : y;
                }
            }
        }
    }
}
