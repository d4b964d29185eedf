package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.SplittableRandom;

/**
 * One 1x1 convolution problem for the checks: random weights, bias and an input view, and an output view
 * whose every float starts as a sentinel NaN, so a test can check that nothing outside the written
 * region changed. Input floats outside the view's channels are NaN too: a kernel that read them would
 * produce NaN outputs.
 */
public final class PointwiseProblem {
    /** A quiet NaN with a payload no computation produces: found untouched means never written. */
    public static final float SENTINEL = Float.intBitsToFloat(0x7fc0_beef);

    public final int m, k, pixels;
    public final float[] weight, bias;
    public final float[] in, out;
    public final int inOff, inStride, outOff, outStride;

    /**
     * @param inPad   extra floats per input pixel past the k channels (pixelStride = k + inPad)
     * @param outPad  extra floats per output pixel past the m channels
     * @param offset  floats before pixel 0 in both arrays, and after the last pixel
     */
    public PointwiseProblem(int m, int k, int pixels, boolean withBias, int inPad, int outPad, int offset, long seed) {
        this.m = m;
        this.k = k;
        this.pixels = pixels;
        SplittableRandom random = new SplittableRandom(seed);
        weight = new float[m * k];
        for (int i = 0; i < weight.length; i++) weight[i] = (float) random.nextDouble(-1, 1);
        if (withBias) {
            bias = new float[m];
            for (int i = 0; i < m; i++) bias[i] = (float) random.nextDouble(-1, 1);
        } else {
            bias = null;
        }
        inOff = offset;
        inStride = k + inPad;
        in = new float[offset + pixels * inStride + offset];
        java.util.Arrays.fill(in, Float.NaN);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < k; c++) in[inOff + p * inStride + c] = (float) random.nextDouble(-1, 1);
        outOff = offset;
        outStride = m + outPad;
        out = new float[offset + pixels * outStride + offset];
        java.util.Arrays.fill(out, SENTINEL);
    }

    public PointwiseProblem(int m, int k, int pixels, boolean withBias, long seed) {
        this(m, k, pixels, withBias, 0, 0, 0, seed);
    }

    public float input(int p, int c) {
        return in[inOff + p * inStride + c];
    }

    public float output(float[] array, int p, int c) {
        return array[outOff + p * outStride + c];
    }

    public PointwiseConvKernel.PackedWeights pack(PointwiseConvKernel kernel) {
        return kernel.pack(weight, bias, m, k);
    }

    /** Runs the kernel over [begin, end) on a fresh copy of the sentinel-filled output and returns it. */
    public float[] run(PointwiseConvKernel kernel, int begin, int end, boolean relu) {
        float[] result = out.clone();
        kernel.run(pack(kernel), in, inOff, inStride, result, outOff, outStride, begin, end, relu);
        return result;
    }

    /**
     * Sum of the absolute terms of output (p, c): |bias| + sum_k |in * w|. A float dot product over these
     * n = k + 1 terms, summed in any order with or without FMA, is within n * 2^-24 * (this sum) of the
     * exact value, to first order (Higham, "Accuracy and Stability of Numerical Algorithms", 3.1).
     */
    public double magnitude(int p, int c) {
        double sum = bias == null ? 0 : Math.abs(bias[c]);
        for (int i = 0; i < k; i++) sum += Math.abs((double) input(p, i) * weight[c * k + i]);
        return sum;
    }

    /** The exact result in double (products of floats are exact in double; k sums add ~1e-16 each). */
    public double exact(int p, int c, boolean relu) {
        double sum = bias == null ? 0 : bias[c];
        for (int i = 0; i < k; i++) sum += (double) input(p, i) * weight[c * k + i];
        return relu && sum < 0 ? 0 : sum;
    }

    /**
     * Checks that every float outside pixels [begin, end) x channels [0, m) still holds the sentinel:
     * the padding before the first pixel, the channels between m and the stride, pixels outside the
     * range, and the floats after the last pixel.
     */
    public void assertOnlyRangeWritten(float[] result, int begin, int end) {
        for (int i = 0; i < result.length; i++) {
            int rel = i - outOff;
            boolean inside = rel >= 0 && rel < pixels * outStride
                    && rel / outStride >= begin && rel / outStride < end && rel % outStride < m;
            if (!inside && Float.floatToRawIntBits(result[i]) != Float.floatToRawIntBits(SENTINEL))
                throw new AssertionError("float " + i + " outside the output region (offset " + outOff + ", stride " + outStride
                        + ", " + m + " channels, pixels [" + begin + ", " + end + ")) was overwritten with "
                        + result[i]);
        }
    }

    /**
     * Checks a result against the exact value within (k + 1) 2^-24 magnitude (see {@link #magnitude}),
     * 1% more for the second-order term; MIN_NORMAL absorbs underflow when every term is tiny.
     */
    public void assertCloseToExact(float[] result, int begin, int end, boolean relu) {
        assertCloseToExact(result, begin, end, relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, null);
    }

    /**
     * As {@link #assertCloseToExact(float[], int, int, boolean)} with the exact value clamped to [min, max] (ReLU
     * is [0, +inf]; clamping is 1-Lipschitz, so the sum's bound carries through).
     *
     * @param kernel named at the start of a failure's message, or null
     */
    public void assertCloseToExact(float[] result, int begin, int end, float min, float max, String kernel) {
        for (int p = begin; p < end; p++)
            for (int c = 0; c < m; c++) {
                double tolerance = 1.01 * (k + 1) * 0x1p-24 * magnitude(p, c) + Float.MIN_NORMAL;
                double expected = Math.min(Math.max(exact(p, c, false), min), max);
                int fp = p, fc = c;
                Views.assertWithin(expected, tolerance, output(result, p, c),
                        () -> (kernel == null ? "" : kernel + ": ") + "pixel " + fp + " channel " + fc + " of "
                                + describe());
            }
    }

    /**
     * Checks a result against another kernel's: each is within (k + 1) 2^-24 magnitude of the exact
     * value (see {@link #magnitude}), so they are within twice that of each other; 1% more covers the
     * second-order term of the bound for any k here.
     */
    public void assertCloseTo(float[] result, float[] reference, int begin, int end) {
        for (int p = begin; p < end; p++)
            for (int c = 0; c < m; c++) {
                double tolerance = 2.02 * (k + 1) * 0x1p-24 * magnitude(p, c) + Float.MIN_NORMAL;
                int fp = p, fc = c;
                Views.assertWithin(output(reference, p, c), tolerance, output(result, p, c),
                        () -> "pixel " + fp + " channel " + fc + " of " + describe());
            }
    }

    public String describe() {
        return m + "x" + k + "x" + pixels + (bias == null ? " no bias" : "") + " (in stride " + inStride
                + ", out stride " + outStride + ", offset " + outOff + ")";
    }
}
