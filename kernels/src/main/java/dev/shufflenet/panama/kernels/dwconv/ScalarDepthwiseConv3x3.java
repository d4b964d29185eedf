package dev.shufflenet.panama.kernels.dwconv;

import dev.shufflenet.panama.kernels.Checks;
/**
 * The reference depthwise 3x3: one output value at a time, taps outside the image skipped. Plain loops,
 * no Vector API, so it also runs where the incubator module is absent.
 */
public final class ScalarDepthwiseConv3x3 implements DepthwiseConv3x3Kernel {
    private static final String NAME = "f32-dwconv3x3-scalar";
    private static final String MINMAX_NAME = "f32-dwconv3x3-minmax-scalar";

    /** Weights as given, [channel][9], and a bias of zeros when there was none. */
    private record Packed(int channels, float[] weight, float[] bias) implements PackedWeights {}

    @Override
    public String name() { return NAME; }

    @Override
    public String minmaxName() { return MINMAX_NAME; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int channels) {
        DepthwiseArgs.checkPack(NAME, weight, bias, channels);
        return new Packed(channels, weight.clone(), bias == null ? new float[channels] : bias.clone());
    }

    @Override
    public void run(PackedWeights w, int stride, int inH, int inW,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        run(w, stride, inH, inW, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    @Override
    public void run(PackedWeights w, int stride, int inH, int inW,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, float min, float max) {
        Checks.clampBounds(NAME, min, max);
        Packed p = Checks.packedBy(NAME, Packed.class, w);
        int channels = p.channels;
        DepthwiseArgs.checkRun(NAME, channels, stride, inH, inW, in, inOff, inStride, out, outOff, outStride,
                rowBegin, rowEnd);
        int outH = DepthwiseConv3x3Kernel.outSize(inH, stride);
        int outW = DepthwiseConv3x3Kernel.outSize(inW, stride);
        float[] k = p.weight;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int image = inOff + n * inH * inW * inStride;
            for (int ow = 0; ow < outW; ow++) {
                int o = outOff + (r * outW + ow) * outStride;
                for (int c = 0; c < channels; c++) {
                    float acc = p.bias[c];
                    for (int kh = 0; kh < 3; kh++) {
                        int ih = oh * stride - 1 + kh;
                        if (ih < 0 || ih >= inH) continue;
                        for (int kw = 0; kw < 3; kw++) {
                            int iw = ow * stride - 1 + kw;
                            if (iw < 0 || iw >= inW) continue;
                            acc += in[image + (ih * inW + iw) * inStride + c] * k[c * 9 + kh * 3 + kw];
                        }
                    }
                    float y = Math.max(acc, min);
                    out[o + c] = y > max ? max : y;
                }
            }
        }
    }
}
