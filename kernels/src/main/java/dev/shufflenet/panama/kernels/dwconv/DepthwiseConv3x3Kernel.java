package dev.shufflenet.panama.kernels.dwconv;

/**
 * Depthwise 3x3 convolution, padding 1, stride 1 or 2, bias, optional fused ReLU or clamp (ReLU6), over
 * NHWC views.
 * out[n][oh][ow][c] = act(bias[c] + sum_{kh,kw} in[n][oh*s+kh-1][ow*s+kw-1][c] * w[c][kh][kw]),
 * zero outside the image. Output size: (in + 2 - 3) / stride + 1 per axis.
 */
public interface DepthwiseConv3x3Kernel {
    String name();

    /**
     * @param weight [channels][1][3][3] row-major (the ONNX depthwise Conv weight)
     * @param bias   channels values, or null
     */
    PackedWeights pack(float[] weight, float[] bias, int channels);

    /**
     * Computes output rows [rowBegin, rowEnd), counted over the whole batch: row r is row r % outH of
     * image r / outH. Images follow each other in both views (inH*inW pixels, then outH*outW pixels).
     */
    void run(PackedWeights w, int stride, int inH, int inW,
             float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
             int rowBegin, int rowEnd, boolean relu);

    /**
     * The name of the minmax variant (XNNPACK's term): the same conv with each output clamped to [min, max],
     * e.g. "f32-dwconv3x3-s1s2-minmax-vector256" for ReLU6; what {@code info --plan} prints for it.
     *
     * @throws UnsupportedOperationException when this kernel has no minmax variant
     */
    default String minmaxName() {
        throw new UnsupportedOperationException(name() + " has no minmax (clamping) variant");
    }

    /**
     * As {@link #run(PackedWeights, int, int, int, float[], int, int, float[], int, int, int, int, boolean)},
     * each output clamped to [min, max] ({@code max(x, min)}, then {@code x > max ? max : x}; NaN stays NaN):
     * ReLU6 is min 0, max 6. The default serves only the bounds of the plain kernel (min 0 or -infinity, max
     * +infinity); kernels with a {@link #minmaxName()} override it.
     */
    default void run(PackedWeights w, int stride, int inH, int inW,
                     float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int rowBegin, int rowEnd, float min, float max) {
        run(w, stride, inH, inW, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd,
                dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel.reluFor(name(), min, max));
    }

    static int outSize(int in, int stride) { return (in + 2 - 3) / stride + 1; }

    interface PackedWeights {
        int channels();
    }
}
