package dev.shufflenet.panama.kernels.dwconv;

/**
 * Depthwise 3x3 convolution, padding 1, stride 1 or 2, bias, optional fused ReLU, over NHWC views.
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

    static int outSize(int in, int stride) { return (in + 2 - 3) / stride + 1; }

    interface PackedWeights {
        int channels();
    }
}
