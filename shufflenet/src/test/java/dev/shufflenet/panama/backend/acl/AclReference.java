package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.bindings.acl.AclLibrary;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Independent double-precision loops the ACL kernels are compared with, element by element, and the check that
 * nothing outside an output view was written.
 */
final class AclReference {
    private AclReference() {}

    static final float SENTINEL = -12345.5f;

    static void assumeShimLoaded() {
        Assumptions.assumeTrue(AclLibrary.isLoaded(),
                () -> "needs the ACL shim (linux-aarch64 with libshufflenet_acl.so, run by .ci/arm64-lane.sh): "
                        + AclLibrary.status().describe());
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    static float[] sentinels(int n) {
        float[] a = new float[n];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    /**
     * Error bound of a float32 sum of {@code terms} products against the exact value, for any summation order,
     * with or without FMA: (terms + 1) * u * sum|term| with u = 2^-24 (Higham's gamma_n), plus u*|result| for the
     * final rounding, which the same sum bounds; MIN_NORMAL covers an all-zero sum.
     */
    static double bound(int terms, double absSum) {
        return (terms + 2) * 0x1p-24 * absSum + Float.MIN_NORMAL;
    }

    /**
     * Checks a pointwise conv's output: pixels [begin, end) of the view hold act(bias + in * w^T); every other
     * element of {@code out} still holds {@link #SENTINEL}.
     */
    static void checkPointwise(float[] in, int inOff, int inStride, float[] weight, float[] bias, int m, int k,
                               float[] out, int outOff, int outStride, int begin, int end, boolean relu) {
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOff, p = Math.floorDiv(rel, outStride), ch = Math.floorMod(rel, outStride);
            final int at = i;
            if (rel < 0 || p < begin || p >= end || ch >= m) {
                // Lazy messages: building one string per element dominated the run time under qemu.
                assertEquals(SENTINEL, out[i], () -> "element " + at + " is outside the written pixels/channels");
                continue;
            }
            double sum = bias == null ? 0 : bias[ch], abs = Math.abs(sum);
            for (int j = 0; j < k; j++) {
                double t = (double) in[inOff + p * inStride + j] * weight[ch * k + j];
                sum += t;
                abs += Math.abs(t);
            }
            if (relu) sum = Math.max(0, sum);
            assertEquals(sum, out[i], bound(k + 1, abs), () -> "pixel " + (at - outOff) / outStride + " channel "
                    + (at - outOff) % outStride);
        }
    }

    /** The same for a depthwise 3x3 conv (padding 1): output rows [rowBegin, rowEnd) over the batch. */
    static void checkDepthwise(float[] in, int inOff, int inStride, float[] weight, float[] bias, int c, int stride,
                               int inH, int inW, float[] out, int outOff, int outStride, int rowBegin, int rowEnd,
                               boolean relu) {
        int outH = (inH - 1) / stride + 1, outW = (inW - 1) / stride + 1;
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOff, p = Math.floorDiv(rel, outStride), ch = Math.floorMod(rel, outStride);
            final int at = i;
            int row = Math.floorDiv(p, outW);
            if (rel < 0 || row < rowBegin || row >= rowEnd || ch >= c) {
                assertEquals(SENTINEL, out[i], () -> "element " + at + " is outside the written rows/channels");
                continue;
            }
            final int n = row / outH, y = row % outH, x = p % outW;
            double sum = bias == null ? 0 : bias[ch], abs = Math.abs(sum);
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) {
                    int iy = y * stride + ky - 1, ix = x * stride + kx - 1;
                    if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                    double t = (double) in[inOff + ((n * inH + iy) * inW + ix) * inStride + ch] * weight[ch * 9 + ky * 3 + kx];
                    sum += t;
                    abs += Math.abs(t);
                }
            if (relu) sum = Math.max(0, sum);
            assertEquals(sum, out[i], bound(10, abs), () -> "image " + n + " row " + y + " column " + x + " channel "
                    + (at - outOff) % outStride);
        }
    }
}
