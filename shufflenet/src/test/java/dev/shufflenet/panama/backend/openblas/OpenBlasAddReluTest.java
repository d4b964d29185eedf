package dev.shufflenet.panama.backend.openblas;

import dev.shufflenet.panama.bindings.openblas.OpenBlas;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link OpenBlasPointwiseConv#runAddRelu}, ShuffleNet v1's stride-1 unit with the residual add joining the
 * pass after sgemm, for every weight layout and bias mode, with and without bias, plain and through channel
 * runs, on views at offsets with strides wider than their channels inside NaN (input, residual) and sentinel
 * (output) padding. Two checks per output: the bits of the same kernel's {@code run} without relu followed by
 * a float add and ReLU written here (the contract), and the exact value in double within (K + 3) 2^-24 times
 * the terms' magnitudes plus |res| (the bound of {@link OpenBlasPointwiseConvTest} and one more rounded add;
 * ReLU is 1-Lipschitz).
 */
class OpenBlasAddReluTest {
    private static final float SENTINEL = Float.intBitsToFloat(0x7fc0_beef);
    private static OpenBlas blas;

    @BeforeAll
    static void needOpenBlas() {
        assumeTrue(OpenBlasLibrary.status().loaded(), () -> "OpenBLAS not loaded: " + OpenBlasLibrary.status().reason());
        blas = OpenBlasLibrary.require();
    }

    /** v1-g3's per-group shapes (M/g x K/g x pixels: 1.0x stages 2-4, one pixel for sgemv) and awkward ones. */
    @ParameterizedTest(name = "M={0} K={1} P={2} pixels [{3}, {4})")
    @CsvSource({"80, 20, 784, 0, 784", "160, 40, 196, 0, 196", "320, 80, 49, 0, 49", "320, 80, 49, 48, 49",
            "7, 3, 13, 2, 11", "33, 17, 5, 0, 5", "1, 1, 3, 1, 2"})
    void addsTheResidualThenRelu(int m, int k, int pixels, int begin, int end) {
        SplittableRandom random = new SplittableRandom(31L * m + k);
        int inStride = k + 3, resStride = m + 2, outStride = m + 5, off = 7;
        float[] weight = values(random, m * k, 1), bias = values(random, m, 1);
        float[] in = view(random, off, inStride, k, pixels, Float.NaN);
        float[] res = view(random, off + 1, resStride, m, pixels, Float.NaN);
        float[] resBefore = res.clone();
        for (OpenBlasPointwiseConv.WeightLayout layout : OpenBlasPointwiseConv.WeightLayout.values())
            for (OpenBlasPointwiseConv.BiasMode mode : OpenBlasPointwiseConv.BiasMode.values())
                for (boolean withBias : new boolean[] {true, false}) {
                    OpenBlasPointwiseConv kernel = new OpenBlasPointwiseConv(blas, layout, mode);
                    assertTrue(kernel.addsResidual());
                    PointwiseConvKernel.PackedWeights w = kernel.pack(weight, withBias ? bias : null, m, k);
                    float[] out = sentinels(off + pixels * outStride + off);
                    kernel.runAddRelu(w, in, off, inStride, res, off + 1, resStride, out, off, outStride, begin, end);
                    float[] plain = sentinels(out.length);
                    kernel.run(w, in, off, inStride, plain, off, outStride, begin, end, false);
                    String what = kernel.addReluName() + " bias " + withBias;
                    assertTrue(Arrays.equals(resBefore, res), what + " leaves the residual as it was");
                    for (int i = 0; i < out.length; i++) {
                        int rel = i - off, p = Math.floorDiv(rel, outStride), c = Math.floorMod(rel, outStride);
                        if (rel < 0 || p < begin || p >= end || c >= m) {
                            if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(SENTINEL))
                                fail(what + ": float " + i + " outside the output view was written: " + out[i]);
                            continue;
                        }
                        float r = res[off + 1 + p * resStride + c];
                        float y = plain[i] + r;
                        assertBits(y < 0f ? 0f : y, out[i], what + " pixel " + p + " channel " + c);
                        double exact = withBias ? bias[c] : 0, magnitude = Math.abs(exact) + Math.abs(r);
                        for (int t = 0; t < k; t++) {
                            double term = (double) in[off + p * inStride + t] * weight[c * k + t];
                            exact += term;
                            magnitude += Math.abs(term);
                        }
                        double tolerance = 1.01 * (k + 3) * 0x1p-24 * magnitude + Float.MIN_NORMAL;
                        assertEquals(Math.max(0, exact + r), out[i], tolerance, what + " pixel " + p + " channel " + c);
                    }
                }
    }

    /** Group 1 of a 3-group shuffle of 3 x 20 channels, read through its 3 runs; one pixel and many. */
    @Test
    void readsThroughChannelRuns() {
        int groups = 3, kg = 20, m = 37, stride = groups * kg + 2;
        int[] positions = new int[kg];
        for (int t = 0; t < kg; t++) {
            int s = kg + t;
            positions[t] = (s % groups) * kg + s / groups;
        }
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
        SplittableRandom random = new SplittableRandom(78);
        float[] weight = values(random, m * kg, 1), bias = values(random, m, 1);
        for (int pixels : new int[] {1, 29}) {
            float[] in = view(random, 0, stride, groups * kg, pixels, Float.NaN);
            boolean[] read = new boolean[groups * kg];
            for (int position : positions) read[position] = true;
            for (int p = 0; p < pixels; p++)
                for (int ch = 0; ch < groups * kg; ch++)
                    if (!read[ch]) in[p * stride + ch] = Float.NaN; // a read outside the runs poisons the result
            float[] res = view(random, 0, m, m, pixels, Float.NaN);
            for (OpenBlasPointwiseConv.WeightLayout layout : OpenBlasPointwiseConv.WeightLayout.values())
                for (OpenBlasPointwiseConv.BiasMode mode : OpenBlasPointwiseConv.BiasMode.values()) {
                    OpenBlasPointwiseConv kernel = new OpenBlasPointwiseConv(blas, layout, mode);
                    PointwiseConvKernel.PackedWeights w = kernel.pack(sorted.reorderColumns(weight, m), bias, m, kg);
                    float[] out = new float[pixels * m], plain = new float[pixels * m];
                    kernel.runAddRelu(w, sorted.runs(), in, 0, stride, res, 0, m, out, 0, m, 0, pixels);
                    kernel.run(w, sorted.runs(), in, 0, stride, plain, 0, m, 0, pixels, false);
                    for (int i = 0; i < out.length; i++) {
                        float y = plain[i] + res[i];
                        assertBits(y < 0f ? 0f : y, out[i], kernel.addReluName() + " " + pixels + " pixels, float " + i);
                        int p = i / m, c = i % m;
                        double exact = bias[c] + (double) res[i], magnitude = Math.abs(bias[c]) + Math.abs(res[i]);
                        for (int t = 0; t < kg; t++) {
                            double term = (double) in[p * stride + positions[t]] * weight[c * kg + t];
                            exact += term;
                            magnitude += Math.abs(term);
                        }
                        assertEquals(Math.max(0, exact), out[i], 1.01 * (kg + 3) * 0x1p-24 * magnitude + Float.MIN_NORMAL,
                                kernel.addReluName() + " pixel " + p + " channel " + c);
                    }
                }
        }
    }

    @Test
    void refusesAResidualThatDoesNotFitAndNamesEveryVariant() {
        OpenBlasPointwiseConv kernel = new OpenBlasPointwiseConv(blas);
        PointwiseConvKernel.PackedWeights w = kernel.pack(new float[12], null, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.runAddRelu(w, new float[15], 0, 3, new float[19], 0, 4, new float[20], 0, 4, 0, 5));
        assertTrue(e.getMessage().startsWith(kernel.addReluName() + ": residual view needs 20 floats"), e.getMessage());
        assertEquals("f32-gemm-openblas-wt-prefill-addrelu", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.OUT_IN, OpenBlasPointwiseConv.BiasMode.PREFILL).addReluName());
        assertEquals("f32-gemm-openblas-wt-postbias-addrelu", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.OUT_IN, OpenBlasPointwiseConv.BiasMode.POST_PASS).addReluName());
        assertEquals("f32-gemm-openblas-w-prefill-addrelu", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.IN_OUT, OpenBlasPointwiseConv.BiasMode.PREFILL).addReluName());
        assertEquals("f32-gemm-openblas-w-postbias-addrelu", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.IN_OUT, OpenBlasPointwiseConv.BiasMode.POST_PASS).addReluName());
    }

    private static float[] values(SplittableRandom random, int n, double range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextDouble(-range, range);
        return a;
    }

    /** An NHWC view at {@code off} with {@code stride}, random values in [-1, 1), {@code pad} elsewhere. */
    private static float[] view(SplittableRandom random, int off, int stride, int channels, int pixels, float pad) {
        float[] a = new float[off + pixels * stride + off + 3];
        Arrays.fill(a, pad);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < channels; c++) a[off + p * stride + c] = (float) random.nextDouble(-1, 1);
        return a;
    }

    private static float[] sentinels(int n) {
        float[] a = new float[n];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    private static void assertBits(float expected, float actual, String where) {
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual))
            fail(where + ": expected the bits of " + expected + " but was " + actual);
    }
}
