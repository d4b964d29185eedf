package dev.shufflenet.panama.kernels.elementwise;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels over channel vectors. When every view is dense (stride = channels) a pixel range
 * is one contiguous run and is processed as such; otherwise pixel by pixel. Tails use masked accesses,
 * not shifted overlapping blocks, because these ops may run in place (out aliasing an input) and an
 * overlapping block would read values it has already overwritten.
 */
public final class VectorElementwise implements ElementwiseKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-elementwise-vector64";
        case 128 -> "f32-elementwise-vector128";
        case 256 -> "f32-elementwise-vector256";
        case 512 -> "f32-elementwise-vector512";
        default -> "f32-elementwise-" + VectorConfig.setName();
    };

    @Override
    public String name() { return name; }

    @Override
    public void add(int channels, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                    float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        ElementwiseArgs.checkBinary(name, channels, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
        float lowerBound = relu ? 0f : Float.NEGATIVE_INFINITY;
        if (aStride == channels && bStride == channels && outStride == channels) {
            int base = pixelBegin * channels;
            addRun(a, aOff + base, b, bOff + base, out, outOff + base, (pixelEnd - pixelBegin) * channels, lowerBound);
            return;
        }
        for (int p = pixelBegin; p < pixelEnd; p++)
            addRun(a, aOff + p * aStride, b, bOff + p * bStride, out, outOff + p * outStride, channels, lowerBound);
    }

    private static void addRun(float[] a, int ai, float[] b, int bi, float[] out, int oi, int n, float lowerBound) {
        int i = 0;
        for (; i <= n - L; i += L)
            FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).max(lowerBound)
                    .intoArray(out, oi + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, ai + i, m).add(FloatVector.fromArray(S, b, bi + i, m)).max(lowerBound)
                    .intoArray(out, oi + i, m);
        }
    }

    @Override
    public void relu(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int pixelBegin, int pixelEnd) {
        ElementwiseArgs.checkUnary(name, channels, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd);
        if (inStride == channels && outStride == channels) {
            int base = pixelBegin * channels;
            reluRun(in, inOff + base, out, outOff + base, (pixelEnd - pixelBegin) * channels);
            return;
        }
        for (int p = pixelBegin; p < pixelEnd; p++)
            reluRun(in, inOff + p * inStride, out, outOff + p * outStride, channels);
    }

    private static void reluRun(float[] in, int ii, float[] out, int oi, int n) {
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, in, ii + i).max(0f).intoArray(out, oi + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, in, ii + i, m).max(0f).intoArray(out, oi + i, m);
        }
    }

    /** System.arraycopy is already a vectorised stub; one call when both views are dense. */
    @Override
    public void copy(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                     int pixelBegin, int pixelEnd) {
        ElementwiseArgs.checkUnary(name, channels, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd);
        if (inStride == channels && outStride == channels) {
            System.arraycopy(in, inOff + pixelBegin * channels, out, outOff + pixelBegin * channels,
                    (pixelEnd - pixelBegin) * channels);
            return;
        }
        for (int p = pixelBegin; p < pixelEnd; p++)
            System.arraycopy(in, inOff + p * inStride, out, outOff + p * outStride, channels);
    }

    @Override
    public void softmax(int channels, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd) {
        ElementwiseArgs.checkUnary(name, channels, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        int full = channels / L * L;
        VectorMask<Float> tail = S.indexInRange(full, channels);
        for (int r = rowBegin; r < rowEnd; r++) {
            int i = inOff + r * inStride, o = outOff + r * outStride;
            // Subtracting the maximum keeps exp() at most 1: no overflow, and the largest term is exact.
            FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int c = 0; c < full; c += L) vmax = vmax.max(FloatVector.fromArray(S, in, i + c));
            float max = vmax.reduceLanes(VectorOperators.MAX);
            if (full < channels)
                max = Math.max(max, FloatVector.fromArray(S, in, i + full, tail).reduceLanes(VectorOperators.MAX, tail));
            FloatVector vsum = FloatVector.zero(S);
            for (int c = 0; c < full; c += L) {
                FloatVector e = FloatVector.fromArray(S, in, i + c).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(out, o + c);
                vsum = vsum.add(e);
            }
            float sum = vsum.reduceLanes(VectorOperators.ADD);
            if (full < channels) {
                // An unmasked EXP (the masked one is not intrinsified at every width and then boxes per
                // call); the masked-off lanes' values are never stored or summed.
                FloatVector e = FloatVector.fromArray(S, in, i + full, tail).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(out, o + full, tail);
                sum += e.reduceLanes(VectorOperators.ADD, tail);
            }
            float scale = 1f / sum;
            for (int c = 0; c < full; c += L) FloatVector.fromArray(S, out, o + c).mul(scale).intoArray(out, o + c);
            if (full < channels)
                FloatVector.fromArray(S, out, o + full, tail).mul(scale).intoArray(out, o + full, tail);
        }
    }
}
