package dev.shufflenet.panama.kernels.elementwise;

/** Element-wise ops over NHWC views of {@code channels} channels, pixels [pixelBegin, pixelEnd). */
public interface ElementwiseKernel {
    String name();

    /** out = a + b, then ReLU if asked (ShuffleNet v1's residual add + ReLU). out may alias a or b. */
    void add(int channels, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
             float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd, boolean relu);

    /** out = max(0, in); out may alias in. */
    void relu(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
              int pixelBegin, int pixelEnd);

    /** out = in (a concat or split that the plan could not make free). */
    void copy(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
              int pixelBegin, int pixelEnd);

    /** Softmax over each row of a [rows][channels] view, rows [rowBegin, rowEnd). */
    void softmax(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                 int rowBegin, int rowEnd);
}
