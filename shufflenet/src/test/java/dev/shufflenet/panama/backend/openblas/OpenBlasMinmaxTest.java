package dev.shufflenet.panama.backend.openblas;

import dev.shufflenet.panama.bindings.openblas.OpenBlas;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenBLAS pointwise conv's minmax variant (ReLU6 after sgemm, in the bias pass or its own) against the
 * exact sum in double, clamped, for every weight layout and bias mode, plain and through channel runs: a
 * channel slice at an offset with sentinels around it. MobileNet v2 shapes (an expansion 24 -> 144, a
 * projection 960 -> 160, the FC at one pixel) with 4x weights, so outputs pass 6. Tolerance as in
 * OpenBlasPointwiseConvTest: (K + 2) u sum|terms| + u |result|; the clamp is 1-Lipschitz.
 */
class OpenBlasMinmaxTest {
    private static final float SENTINEL = Float.intBitsToFloat(0x7fc0_beef);
    private static OpenBlas blas;

    @BeforeAll
    static void needOpenBlas() {
        assumeTrue(OpenBlasLibrary.status().loaded(), () -> "OpenBLAS not loaded: " + OpenBlasLibrary.status().reason());
        blas = OpenBlasLibrary.require();
    }

    @ParameterizedTest(name = "M={0} K={1} P={2} [{3}, {4}]")
    @CsvSource({"144, 24, 37, 0, 6", "160, 960, 13, 0, 6", "1000, 64, 1, 0, 6", "40, 16, 9, -0.5, 0.75"})
    void clampsLikeTheClampedExactSum(int m, int k, int pixels, float min, float max) {
        SplittableRandom rnd = new SplittableRandom(31L * m + k);
        float[] w = new float[m * k], bias = new float[m];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextDouble(-4, 4) / (float) Math.sqrt(k);
        for (int i = 0; i < m; i++) bias[i] = (float) rnd.nextDouble(-1, 1);
        int inStride = k + 3, outStride = m + 2, off = 5;
        float[] in = new float[off + pixels * inStride + off];
        Arrays.fill(in, Float.NaN);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < k; c++) in[off + p * inStride + c] = (float) rnd.nextDouble(-2, 2);
        boolean hitMax = false;
        for (OpenBlasPointwiseConv.WeightLayout layout : OpenBlasPointwiseConv.WeightLayout.values())
            for (OpenBlasPointwiseConv.BiasMode mode : OpenBlasPointwiseConv.BiasMode.values())
                for (boolean throughRuns : new boolean[] {false, true}) {
                    OpenBlasPointwiseConv kernel = new OpenBlasPointwiseConv(blas, layout, mode);
                    assertTrue(kernel.minmaxName().endsWith("-minmax"), kernel.minmaxName());
                    float[] out = new float[off + pixels * outStride + off];
                    Arrays.fill(out, SENTINEL);
                    var packed = kernel.pack(w, bias, m, k);
                    if (throughRuns) {
                        // Two runs in order: the runs path (several sgemm calls, then the clamp pass).
                        kernel.run(packed, ChannelRuns.of(0, k / 2, k / 2, k - k / 2), in, off, inStride, out, off,
                                outStride, 0, pixels, min, max);
                    } else {
                        kernel.run(packed, in, off, inStride, out, off, outStride, 0, pixels, min, max);
                    }
                    String where = kernel.minmaxName() + (throughRuns ? " (runs)" : "") + " M=" + m + " K=" + k;
                    for (int i = 0; i < out.length; i++) {
                        int rel = i - off;
                        boolean inside = rel >= 0 && rel < pixels * outStride && rel % outStride < m;
                        if (!inside && Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(SENTINEL))
                            fail(where + ": float " + i + " outside the output view was written");
                    }
                    for (int p = 0; p < pixels; p++)
                        for (int o = 0; o < m; o++) {
                            double sum = bias[o], abs = Math.abs(bias[o]);
                            for (int c = 0; c < k; c++) {
                                double t = (double) in[off + p * inStride + c] * w[o * k + c];
                                sum += t;
                                abs += Math.abs(t);
                            }
                            double expected = Math.min(Math.max(sum, min), max);
                            double bound = (k + 2) * 0x1p-24 * abs + 0x1p-24 * Math.abs(expected) + Float.MIN_NORMAL;
                            float actual = out[off + p * outStride + o];
                            hitMax |= actual == max;
                            if (!(Math.abs(actual - expected) <= bound))
                                fail(where + " pixel " + p + " channel " + o + ": expected " + expected + " +- " + bound
                                        + ", found " + actual);
                        }
                }
        assertTrue(hitMax, "no output reached the upper bound " + max + "; the case would not test the clamp");
    }
}
