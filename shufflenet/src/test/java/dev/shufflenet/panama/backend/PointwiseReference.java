package dev.shufflenet.panama.backend;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The independent double-precision loop the native pointwise kernels (OpenBLAS, ACL) are checked against, element
 * by element, with the check that nothing outside the output view was written; shared by their tests.
 */
public final class PointwiseReference {
    private PointwiseReference() {}

    /** Written around outputs; every element not in the output view must still hold it afterwards. */
    public static final float SENTINEL = -12345.5f;

    /** Uniform in [-1, 1). */
    public static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    public static float[] random(int n, long seed) {
        return random(new SplittableRandom(seed), n);
    }

    public static float[] sentinels(int n) {
        float[] a = new float[n];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    /**
     * Largest error a float32 sum of {@code terms} values (products and the bias) can have against the exact
     * value, in any order, with or without FMA: (terms + 1) * u * sum|term| with u = 2^-24 (Higham's gamma_n),
     * plus u * |result| for the final rounding, which the same sum bounds; MIN_NORMAL covers an all-zero sum.
     */
    public static double bound(int terms, double absSum) {
        return (terms + 2) * 0x1p-24 * absSum + Float.MIN_NORMAL;
    }

    /**
     * Pixels {@code p} in [begin, end) for which {@code checked} holds carry act(bias + in * w^T) within
     * {@link #bound}; every element outside [begin, end) x [0, m) of the view still holds {@link #SENTINEL}.
     *
     * @param weight [m][k] row-major, as the kernel interface takes it
     */
    public static void checkPointwise(String what, float[] in, int inOff, int inStride, float[] weight, float[] bias,
                                      int m, int k, float[] out, int outOff, int outStride, int begin, int end,
                                      boolean relu, IntPredicate checked) {
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOff, p = Math.floorDiv(rel, outStride), ch = Math.floorMod(rel, outStride);
            if (rel < 0 || p < begin || p >= end || ch >= m) {
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(SENTINEL))
                    fail(what + " M=" + m + " K=" + k + ": float " + i + " (pixel " + p + ", channel " + ch
                            + ") is outside the output and was overwritten with " + out[i]);
                continue;
            }
            if (!checked.test(p)) continue;
            double sum = bias == null ? 0 : bias[ch], abs = Math.abs(sum);
            for (int j = 0; j < k; j++) {
                double t = (double) in[inOff + p * inStride + j] * weight[ch * k + j];
                sum += t;
                abs += Math.abs(t);
            }
            if (relu) sum = Math.max(0, sum);
            double tolerance = bound(k + 1, abs);
            if (!(Math.abs(out[i] - sum) <= tolerance))
                fail(what + " M=" + m + " K=" + k + ": pixel " + p + " channel " + ch + " is " + out[i] + ", expected "
                        + sum + " +- " + tolerance);
        }
    }
}
