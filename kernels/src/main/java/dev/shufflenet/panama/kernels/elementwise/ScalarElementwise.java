package dev.shufflenet.panama.kernels.elementwise;

/** The reference element-wise kernels: one float at a time. */
public final class ScalarElementwise implements ElementwiseKernel {
    private static final String NAME = "f32-elementwise-scalar";

    @Override
    public String name() { return NAME; }

    @Override
    public void add(int channels, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        ElementwiseArgs.checkBinary(NAME, channels, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
        for (int p = pixelBegin; p < pixelEnd; p++)
            for (int c = 0; c < channels; c++) {
                float v = a[aOff + p * aStride + c] + b[bOff + p * bStride + c];
                out[outOff + p * outStride + c] = relu ? Math.max(v, 0f) : v;
            }
    }

    @Override
    public void relu(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int pixelBegin, int pixelEnd) {
        ElementwiseArgs.checkUnary(NAME, channels, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd);
        for (int p = pixelBegin; p < pixelEnd; p++)
            for (int c = 0; c < channels; c++)
                out[outOff + p * outStride + c] = Math.max(in[inOff + p * inStride + c], 0f);
    }

    @Override
    public void copy(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int pixelBegin, int pixelEnd) {
        ElementwiseArgs.checkUnary(NAME, channels, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd);
        for (int p = pixelBegin; p < pixelEnd; p++)
            System.arraycopy(in, inOff + p * inStride, out, outOff + p * outStride, channels);
    }

    @Override
    public void softmax(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd) {
        ElementwiseArgs.checkUnary(NAME, channels, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        for (int r = rowBegin; r < rowEnd; r++) {
            int i = inOff + r * inStride, o = outOff + r * outStride;
            // Subtracting the maximum keeps exp() at most 1: no overflow, and the largest term is exact.
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) max = Math.max(max, in[i + c]);
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                float e = (float) Math.exp(in[i + c] - max);
                out[o + c] = e;
                sum += e;
            }
            float scale = 1f / sum;
            for (int c = 0; c < channels; c++) out[o + c] *= scale;
        }
    }
}
