package dev.shufflenet.panama.kernels.gemm;

/**
 * 1x1 convolution over NHWC views, which is a GEMM: out[p][m] = act(bias[m] + sum_k in[p][k] * w[m][k]).
 * The same kernel serves the fully connected layer (pixels = batch).
 *
 * <p>Weights are repacked once, when the model is compiled ({@link #pack}); {@link #run} only computes.
 */
public interface PointwiseConvKernel {
    /**
     * XNNPACK-style name: type, op, tile, fused activation, ISA; e.g. "f32-gemm-6x4v-relu-vector512" (6
     * pixels x 4 vectors, ReLU, 512-bit vectors). Each name is one literal in its kernel's source.
     */
    String name();

    /**
     * Brings this kernel to its steady speed before it is timed or first used: JIT-compiled kernels (the
     * Vector API ones run about 1000x slower until C2 compiles them) run themselves on tiny problems.
     * Optional; the default does nothing (nothing to compile, or compiled ahead of time).
     *
     * @param maxMillis how long it may take at most
     * @return whether the kernel reached compiled speed within that time
     */
    default boolean warmUp(long maxMillis) {
        return true;
    }

    /**
     * Repacks weights for this kernel.
     *
     * @param weight [outChannels][inChannels] row-major (an ONNX 1x1 Conv weight or a Gemm B^T)
     * @param bias   outChannels values, or null for none
     */
    PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels);

    /**
     * Computes output pixels [pixelBegin, pixelEnd). Threads may call this at the same time with disjoint
     * pixel ranges and the same packed weights. The input and output views must not overlap (results
     * are written while inputs of the same pixels are still to be read). Views are checked once per call.
     *
     * @param w        weights packed by this kernel's {@link #pack}
     * @param in       input view: channel k of pixel p at {@code inOff + p * inStride + k}
     * @param out      output view: channel m of pixel p at {@code outOff + p * outStride + m}; channels
     *                 beyond outChannels are never written (they may belong to another slice)
     * @param relu     apply max(0, x) to the result, as {@code x < 0 ? 0 : x} (NaN stays NaN)
     */
    void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
             int pixelBegin, int pixelEnd, boolean relu);

    /**
     * Whether this kernel implements {@link #run(PackedWeights, ChannelRuns, float[], int, int, float[], int,
     * int, int, int, boolean)} for any runs; otherwise only for the single run [0, K).
     */
    default boolean readsChannelRuns() {
        return false;
    }

    /**
     * As {@link #run(PackedWeights, float[], int, int, float[], int, int, int, int, boolean)}, but GEMM column
     * t reads the t-th channel of {@code runs} in each input pixel: channel {@code runs.start(i) + j} of run
     * i, relative to {@code inOff}. The packed weights' columns must be in that order
     * ({@link ChannelRuns.Sorted#reorderColumns}), and {@code runs.channels()} must equal their K. The input
     * view needs {@code runs.end()} channels.
     *
     * @throws UnsupportedOperationException when {@link #readsChannelRuns()} is false and runs is not [0, K)
     */
    default void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride,
                     float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        if (w != null && runs.isContiguousFromZero() && runs.channels() == w.inChannels()) {
            run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, relu);
            return;
        }
        throw new UnsupportedOperationException(name() + " reads its input channels as one run [0, K) only;"
                + " asked for runs " + runs);
    }

    /**
     * Whether this kernel has the residual epilogue of {@link #runAddRelu}: ShuffleNet v1's stride-1 unit,
     * out = relu(res + conv(in)), computed with each output written once. Without it the runtime runs
     * {@link #run} and a separate add + ReLU pass.
     */
    default boolean addsResidual() {
        return false;
    }

    /**
     * The name of this kernel with the residual add + ReLU epilogue, e.g. "f32-gemm-6x2v-addrelu-vector256";
     * one literal in the kernel's source, as {@link #name()} is.
     *
     * @throws UnsupportedOperationException when {@link #addsResidual()} is false
     */
    default String addReluName() {
        throw new UnsupportedOperationException(name() + " has no residual add + ReLU epilogue");
    }

    /**
     * As {@link #run(PackedWeights, float[], int, int, float[], int, int, int, int, boolean)} without relu,
     * then {@code out[p][m] = relu(res[p][m] + that value)}: one rounded float add of exactly the value
     * {@code run} would store, so the result has the bits of {@code run} followed by an elementwise add and
     * ReLU ({@code x < 0 ? 0 : x}). The residual view must not overlap the output (nor, as the input, be
     * written by it).
     *
     * @param res residual view: channel m of pixel p at {@code resOff + p * resStride + m}; only the first
     *            outChannels channels of each pixel are read
     * @throws UnsupportedOperationException when {@link #addsResidual()} is false
     */
    default void runAddRelu(PackedWeights w, float[] in, int inOff, int inStride, float[] res, int resOff,
                            int resStride, float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        throw new UnsupportedOperationException(name() + " has no residual add + ReLU epilogue");
    }

    /**
     * {@link #runAddRelu(PackedWeights, float[], int, int, float[], int, int, float[], int, int, int, int)}
     * reading the input channels through {@code runs}, as
     * {@link #run(PackedWeights, ChannelRuns, float[], int, int, float[], int, int, int, int, boolean)} does.
     *
     * @throws UnsupportedOperationException when {@link #addsResidual()} is false, or when
     *         {@link #readsChannelRuns()} is false and runs is not [0, K)
     */
    default void runAddRelu(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] res,
                            int resOff, int resStride, float[] out, int outOff, int outStride, int pixelBegin,
                            int pixelEnd) {
        if (w != null && runs != null && runs.isContiguousFromZero() && runs.channels() == w.inChannels()) {
            runAddRelu(w, in, inOff, inStride, res, resOff, resStride, out, outOff, outStride, pixelBegin, pixelEnd);
            return;
        }
        throw new UnsupportedOperationException(name() + " reads its input channels as one run [0, K) only;"
                + " asked for runs " + runs);
    }

    /**
     * A grouped 1x1 conv's residual add + ReLU over all its groups at once (ShuffleNet v1's stride-1 unit): for each
     * group g, {@link #runAddRelu} with weights {@code groups[g]}, reading input channels {@code inOff + g * K} on
     * (K: the groups' input channels) or, with {@code runs}, through {@code runs[g]} from {@code inOff}; writing
     * output channels {@code outOff + g * M} on and adding the residual's {@code resOff + g * M} on (M: the groups'
     * output channels). The same bits as those calls. The default makes exactly them; a kernel may order the work
     * otherwise (pixel bands outside, groups inside), which is why the groups come in one call.
     *
     * @param runs null, or one per group
     * @throws UnsupportedOperationException when {@link #addsResidual()} is false
     */
    default void runGroupsAddRelu(PackedWeights[] groups, ChannelRuns[] runs, float[] in, int inOff, int inStride,
                                  float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                                  int pixelBegin, int pixelEnd) {
        GroupedAddRelu.check(addsResidual() ? addReluName() : name(), groups, runs);
        int m = groups[0].outChannels(), k = groups[0].inChannels();
        for (int g = 0; g < groups.length; g++) {
            if (runs == null)
                runAddRelu(groups[g], in, inOff + g * k, inStride, res, resOff + g * m, resStride, out, outOff + g * m,
                        outStride, pixelBegin, pixelEnd);
            else
                runAddRelu(groups[g], runs[g], in, inOff, inStride, res, resOff + g * m, resStride, out, outOff + g * m,
                        outStride, pixelBegin, pixelEnd);
        }
    }

    /**
     * The name of this kernel's "minmax" variant (XNNPACK's term): the same GEMM with each output clamped
     * to [min, max] in the epilogue, e.g. "f32-gemm-6x2v-minmax-vector256" for ReLU6 (min 0, max 6). What
     * {@code info --plan} prints for a step that clamps. Each name is one literal in its kernel's source.
     *
     * @throws UnsupportedOperationException when this kernel has no minmax variant
     */
    default String minmaxName() {
        throw new UnsupportedOperationException(name() + " has no minmax (clamping) variant");
    }

    /**
     * As {@link #run(PackedWeights, float[], int, int, float[], int, int, int, int, boolean)}, with each
     * output clamped to [min, max] as {@code x < min ? min : x > max ? max : x} (NaN stays NaN): ReLU6 is
     * min 0, max 6. The default serves the clamps the plain kernel has (min 0 or -infinity, max +infinity)
     * and refuses the others; kernels with a {@link #minmaxName()} override it.
     */
    default void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int pixelBegin, int pixelEnd, float min, float max) {
        run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, reluFor(name(), min, max));
    }

    /** As the runs variant of {@code run}, with each output clamped to [min, max] (see the plain minmax run). */
    default void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                     int outStride, int pixelBegin, int pixelEnd, float min, float max) {
        run(w, runs, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, reluFor(name(), min, max));
    }

    /**
     * The relu flag a clamp to [min, max] means for a kernel without a minmax variant: min 0 or -infinity
     * and max +infinity; anything else is refused, naming the kernel and the bounds.
     */
    static boolean reluFor(String kernel, float min, float max) {
        if (max == Float.POSITIVE_INFINITY && (min == 0f || min == Float.NEGATIVE_INFINITY)) return min == 0f;
        throw new UnsupportedOperationException(kernel + " has no minmax (clamping) variant; asked to clamp to ["
                + min + ", " + max + "]");
    }

    /** Weights in a kernel's own layout; only the kernel that packed them can read them. */
    interface PackedWeights {
        int outChannels();
        int inChannels();
    }
}
