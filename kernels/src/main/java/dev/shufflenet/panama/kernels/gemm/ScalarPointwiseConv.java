package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;

/**
 * The reference 1x1 convolution: a plain triple loop, obviously correct, used to check the vector kernels.
 *
 * <p>Each output is {@code bias[m]}, plus {@code in[p][k] * w[m][k]} for k = 0, 1, ... in that order (each
 * product and sum rounded to float), then, with relu, {@code x < 0 ? 0 : x} (so NaN stays NaN and -0.0
 * stays -0.0, as in the vector kernels); the minmax variant clamps to [min, max] the same way ({@code x >
 * max ? max : x}, then the floor), so ReLU6 is min 0, max 6 and ReLU is min 0, max +infinity.
 */
public final class ScalarPointwiseConv implements PointwiseConvKernel {
    private static final String NAME = "f32-gemm-1x1-scalar";
    private static final String ADD_RELU_NAME = "f32-gemm-1x1-addrelu-scalar";
    private static final String MINMAX_NAME = "f32-gemm-1x1-minmax-scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String minmaxName() {
        return MINMAX_NAME;
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        Checks.positive(NAME, "outChannels", outChannels);
        Checks.positive(NAME, "inChannels", inChannels);
        Checks.length(NAME, "weight", weight, (long) outChannels * inChannels);
        if (bias != null) Checks.length(NAME, "bias", bias, outChannels);
        float[] b = bias == null ? new float[outChannels] : bias.clone();
        return new Packed(weight.clone(), b, outChannels, inChannels, ChannelRuns.contiguous(inChannels));
    }

    @Override
    public boolean readsChannelRuns() {
        return true;
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        run(w, packed(w).allChannels, in, inOff, inStride, out, outOff, outStride,
                pixelBegin, pixelEnd, relu);
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, float min, float max) {
        run(w, packed(w).allChannels, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, min, max);
    }

    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        run(w, runs, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, float min, float max) {
        Packed packed = packed(w);
        Checks.clampBounds(NAME, min, max);
        int m = packed.outChannels, k = packed.inChannels;
        Checks.range(NAME, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        checkRuns(NAME, runs, k);
        Checks.view(NAME, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(NAME, "output", out, outOff, outStride, m, pixelEnd);
        int[] channel = runs.columnChannelsUnsafe(); // column t of the weights reads input channel channel[t]
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int a = inOff + p * inStride;
            int o = outOff + p * outStride;
            for (int oc = 0; oc < m; oc++) {
                float sum = packed.bias[oc];
                int wRow = oc * k;
                for (int t = 0; t < k; t++) sum += in[a + channel[t]] * packed.weight[wRow + t];
                if (sum > max) sum = max;
                out[o + oc] = sum < min ? min : sum;
            }
        }
    }

    @Override
    public boolean addsResidual() {
        return true;
    }

    @Override
    public String addReluName() {
        return ADD_RELU_NAME;
    }

    @Override
    public void runAddRelu(PackedWeights w, float[] in, int inOff, int inStride, float[] res, int resOff,
                           int resStride, float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        runAddRelu(w, packed(w).allChannels, in, inOff, inStride, res, resOff, resStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
    }

    /** The sum of {@link #run}, then one float add of the residual, then ReLU. */
    @Override
    public void runAddRelu(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] res,
                           int resOff, int resStride, float[] out, int outOff, int outStride, int pixelBegin,
                           int pixelEnd) {
        Packed packed = packed(w);
        int m = packed.outChannels, k = packed.inChannels;
        Checks.range(ADD_RELU_NAME, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        checkRuns(ADD_RELU_NAME, runs, k);
        Checks.view(ADD_RELU_NAME, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(ADD_RELU_NAME, "residual", res, resOff, resStride, m, pixelEnd);
        Checks.view(ADD_RELU_NAME, "output", out, outOff, outStride, m, pixelEnd);
        int[] channel = runs.columnChannelsUnsafe();
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int a = inOff + p * inStride;
            int r = resOff + p * resStride;
            int o = outOff + p * outStride;
            for (int oc = 0; oc < m; oc++) {
                float sum = packed.bias[oc];
                int wRow = oc * k;
                for (int t = 0; t < k; t++) sum += in[a + channel[t]] * packed.weight[wRow + t];
                float y = sum + res[r + oc];
                out[o + oc] = y < 0f ? 0f : y;
            }
        }
    }

    /** Runs must read exactly the K columns the weights have. */
    static void checkRuns(String kernel, ChannelRuns runs, int k) {
        if (runs == null) throw new IllegalArgumentException(kernel + ": channel runs are null");
        if (runs.channels() != k)
            throw new IllegalArgumentException(kernel + ": channel runs " + runs + " read " + runs.channels()
                    + " channels, but the weights have " + k + " input channels");
    }

    private static Packed packed(PackedWeights w) {
        return Checks.packedBy(NAME, Packed.class, w);
    }

    /** The weights as given, [outChannels][inChannels], and a bias of zeros when there was none. */
    private record Packed(float[] weight, float[] bias, int outChannels, int inChannels, ChannelRuns allChannels)
            implements PackedWeights {}
}
