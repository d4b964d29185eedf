package dev.shufflenet.panama.kernels.gemm;

/**
 * 1x1 convolution over NHWC views, which is a GEMM: out[p][m] = act(bias[m] + sum_k in[p][k] * w[m][k]).
 * The same kernel serves the fully connected layer (pixels = batch).
 *
 * <p>Weights are repacked once, when the model is compiled ({@link #pack}); {@link #run} only computes.
 */
public interface PointwiseConvKernel {
    /** XNNPACK-style name: type, op, tile, activation support, ISA; e.g. "f32-gemm-6x4v-vector512". */
    String name();

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

    /** Weights in a kernel's own layout; only the kernel that packed them can read them. */
    interface PackedWeights {
        int outChannels();
        int inChannels();
    }
}
