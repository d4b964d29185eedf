package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;

/**
 * The scalar twin of {@link VectorGemv}: the same arithmetic one float at a time, for JVMs without the
 * Vector API and as its reference. Each output is {@code Math.fma} over k = 0, 1, ... from zero, then
 * {@code + bias[m]} (a bias of zeros when there is none), then, with relu, {@code x < 0 ? 0 : x}: exactly
 * the vector kernel's order, so the two give the same bits.
 */
public final class ScalarGemv implements PointwiseConvKernel {
    private static final String NAME = "f32-gemv-scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        Checks.positive(NAME, "outChannels", outChannels);
        Checks.positive(NAME, "inChannels", inChannels);
        Checks.length(NAME, "weight", weight, (long) outChannels * inChannels);
        if (bias != null) Checks.length(NAME, "bias", bias, outChannels);
        float[] b = bias == null ? new float[outChannels] : bias.clone();
        return new Packed(weight.clone(), b, outChannels, inChannels);
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        Packed packed = Checks.packedBy(NAME, Packed.class, w);
        int m = packed.outChannels, k = packed.inChannels;
        Checks.range(NAME, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(NAME, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(NAME, "output", out, outOff, outStride, m, pixelEnd);
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int a = inOff + p * inStride, o = outOff + p * outStride;
            for (int oc = 0; oc < m; oc++) {
                float sum = 0f;
                for (int t = 0, row = oc * k; t < k; t++) sum = Math.fma(in[a + t], packed.weight[row + t], sum);
                sum += packed.bias[oc];
                out[o + oc] = relu && sum < 0f ? 0f : sum;
            }
        }
    }

    /** The weights as given, [outChannels][inChannels], and a bias of zeros when there was none. */
    private record Packed(float[] weight, float[] bias, int outChannels, int inChannels) implements PackedWeights {}
}
