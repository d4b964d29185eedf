package dev.shufflenet.panama.backend.openblas;

import dev.shufflenet.panama.backend.PointwiseReference;
import dev.shufflenet.panama.bindings.openblas.OpenBlas;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static dev.shufflenet.panama.backend.PointwiseReference.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenBLAS pointwise conv against a double-precision triple loop, on NHWC views with offsets and
 * strides wider than their channels (padding filled with a sentinel that must survive).
 *
 * <p>Tolerance: each output is a float dot product of length K in an order OpenBLAS chooses (blocked, with
 * FMA), plus the bias. Whatever the order, |error| <= (K + 2) * u * (|bias| + sum_k |in[k] * w[k]|) with
 * u = 2^-24 (Higham, "Accuracy and Stability of Numerical Algorithms", 3.1; one more rounding for the bias
 * add), plus u * |result| for the final rounding to float ({@link PointwiseReference#bound}, shared with the ACL
 * test). ReLU is exact. A wrong index or a missing term errs by about one whole |in * w| term, more than 10x
 * that bound for every K used here.
 */
class OpenBlasPointwiseConvTest {
    private static OpenBlas blas;

    @BeforeAll
    static void needOpenBlas() {
        assumeTrue(OpenBlasLibrary.status().loaded(), () -> "OpenBLAS not loaded: " + OpenBlasLibrary.status().reason());
        blas = OpenBlasLibrary.require();
    }

    /** Every pointwise (M, K, pixels per image) of ShuffleNet v2 1.0x at 224x224, and its FC layer. */
    static Stream<Arguments> shuffleNetV2Shapes() {
        int[][] shapes = {{58, 24, 3136}, {58, 58, 784}, {116, 116, 784}, {116, 116, 196}, {232, 232, 196},
                {232, 232, 49}, {464, 464, 49}, {1024, 464, 49}, {1000, 1024, 1}};
        List<Arguments> out = new ArrayList<>();
        for (int batch : new int[] {1, 8})
            for (int[] s : shapes) out.add(Arguments.of(s[0], s[1], s[2] * batch, batch));
        return out.stream();
    }

    @ParameterizedTest(name = "M={0} K={1} P={2} (batch {3})")
    @MethodSource("shuffleNetV2Shapes")
    void shuffleNetV2ShapesMatchTheReference(int m, int k, int pixels, int batch) {
        var kernel = new OpenBlasPointwiseConv(blas);
        // Batch 8 repeats batch 1's shapes with 8x the rows; checking every 5th pixel (and the last 8, where
        // OpenBLAS's row-block tail is) keeps the reference loop short while still covering every row block.
        IntPredicate checked = batch == 1 ? p -> true : p -> p % 5 == 0 || p >= pixels - 8;
        Case c = new Case(m, k, pixels, 0, pixels, true, true, 7 + m % 3, 3, 5, 2);
        c.verify(kernel, checked);
    }

    static Stream<Arguments> awkwardShapes() {
        int[][] shapes = {{1, 1, 1}, {1, 17, 5}, {13, 1, 7}, {17, 31, 61}, {31, 7, 1}, {3, 100, 37}, {61, 29, 113},
                {16, 16, 16}, {33, 65, 17}};
        List<Arguments> out = new ArrayList<>();
        for (int[] s : shapes)
            for (var layout : OpenBlasPointwiseConv.WeightLayout.values())
                for (var bias : OpenBlasPointwiseConv.BiasMode.values())
                    out.add(Arguments.of(s[0], s[1], s[2], layout, bias));
        return out.stream();
    }

    @ParameterizedTest(name = "M={0} K={1} P={2} {3} {4}")
    @MethodSource("awkwardShapes")
    void awkwardShapesMatchForEveryVariantWithAndWithoutBiasAndRelu(int m, int k, int pixels,
            OpenBlasPointwiseConv.WeightLayout layout, OpenBlasPointwiseConv.BiasMode biasMode) {
        var kernel = new OpenBlasPointwiseConv(blas, layout, biasMode);
        for (boolean bias : new boolean[] {true, false})
            for (boolean relu : new boolean[] {true, false})
                new Case(m, k, pixels, 0, pixels, bias, relu, m % 5, k % 3 + 1, 4, 1).verify(kernel, p -> true);
    }

    @Test
    void pixelRangeWritesOnlyThoseRowsAndSplitsAgree() {
        var kernel = new OpenBlasPointwiseConv(blas);
        // Interior range: rows outside [3, 37) keep the sentinel (Case.verify checks every float it did not expect written).
        new Case(29, 19, 41, 3, 37, true, true, 2, 1, 6, 3).verify(kernel, p -> true);
        // Empty range: nothing at all is written.
        new Case(29, 19, 41, 20, 20, true, true, 2, 1, 6, 3).verify(kernel, p -> true);

        // Two halves computed separately (as two runtime threads would) equal one call over everything.
        Case whole = new Case(58, 24, 100, 0, 100, true, true, 0, 0, 0, 0);
        PointwiseConvKernel.PackedWeights w = kernel.pack(whole.weight, whole.bias, whole.m, whole.k);
        float[] once = whole.freshOutput(), twice = whole.freshOutput();
        kernel.run(w, whole.in, whole.inOff, whole.inStride, once, whole.outOff, whole.outStride, 0, 100, true);
        kernel.run(w, whole.in, whole.inOff, whole.inStride, twice, whole.outOff, whole.outStride, 0, 43, true);
        kernel.run(w, whole.in, whole.inOff, whole.inStride, twice, whole.outOff, whole.outStride, 43, 100, true);
        whole.check(once, p -> true, "one call");
        whole.check(twice, p -> true, "two calls");
    }

    @Test
    void concurrentCallsOnDisjointPixelRangesAreCorrect() throws Exception {
        var kernel = new OpenBlasPointwiseConv(blas);
        Case c = new Case(116, 116, 784, 0, 784, true, true, 116, 0, 0, 0); // output slice of a 232-channel concat
        PointwiseConvKernel.PackedWeights w = kernel.pack(c.weight, c.bias, c.m, c.k);
        float[] out = c.freshOutput();
        int threads = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int begin = c.pixels * t / threads, end = c.pixels * (t + 1) / threads;
                done.add(pool.submit(() -> {
                    for (int repeat = 0; repeat < 5; repeat++)
                        kernel.run(w, c.in, c.inOff, c.inStride, out, c.outOff, c.outStride, begin, end, true);
                }));
            }
            for (Future<?> f : done) f.get();
        }
        c.check(out, p -> true, "4 threads");
    }

    @Test
    void agreesWithTheScalarKernelOnAConvWithChannelSlices() {
        // The same views through the project's scalar reference kernel: both must stay within the bound.
        Case c = new Case(58, 58, 196, 0, 196, true, true, 58, 58, 3, 7);
        var scalar = new ScalarPointwiseConv();
        float[] out = c.freshOutput();
        scalar.run(scalar.pack(c.weight, c.bias, c.m, c.k), c.in, c.inOff, c.inStride, out, c.outOff, c.outStride,
                0, c.pixels, true);
        c.check(out, p -> true, "scalar kernel"); // the reference and its bound are right
        c.verify(new OpenBlasPointwiseConv(blas), p -> true);
    }

    /**
     * Input channels read through runs (a folded 3-group shuffle: group 1 of a conv reading 3 x 20
     * shuffled channels), against the exact sum in the weights' original column order; every variant,
     * with one pixel (the sgemm path too) and many. Channels the group does not read are NaN.
     */
    @Test
    void channelRunsReadTheShuffledChannels() {
        int groups = 3, kg = 20, m = 37, stride = groups * kg + 2;
        int[] positions = new int[kg];
        for (int t = 0; t < kg; t++) {
            int s = kg + t; // conv group 1
            positions[t] = (s % groups) * kg + s / groups;
        }
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
        assertEquals(3, sorted.runs().runCount());
        SplittableRandom random = new SplittableRandom(77);
        float[] weight = new float[m * kg], bias = new float[m];
        for (int i = 0; i < weight.length; i++) weight[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < m; i++) bias[i] = (float) random.nextDouble(-1, 1);
        for (int pixels : new int[] {1, 29}) {
            float[] in = new float[pixels * stride];
            java.util.Arrays.fill(in, Float.NaN);
            for (int p = 0; p < pixels; p++)
                for (int t = 0; t < kg; t++) in[p * stride + positions[t]] = (float) random.nextDouble(-1, 1);
            for (OpenBlasPointwiseConv.WeightLayout layout : OpenBlasPointwiseConv.WeightLayout.values())
                for (OpenBlasPointwiseConv.BiasMode mode : OpenBlasPointwiseConv.BiasMode.values())
                    for (boolean withBias : new boolean[] {true, false}) {
                        var kernel = new OpenBlasPointwiseConv(blas, layout, mode);
                        assertTrue(kernel.readsChannelRuns());
                        float[] b = withBias ? bias : null;
                        float[] out = new float[pixels * m];
                        kernel.run(kernel.pack(sorted.reorderColumns(weight, m), b, m, kg), sorted.runs(), in, 0,
                                stride, out, 0, m, 0, pixels, true);
                        for (int p = 0; p < pixels; p++)
                            for (int o = 0; o < m; o++) {
                                double exact = withBias ? bias[o] : 0, magnitude = Math.abs(exact);
                                for (int t = 0; t < kg; t++) {
                                    double term = (double) in[p * stride + positions[t]] * weight[o * kg + t];
                                    exact += term;
                                    magnitude += Math.abs(term);
                                }
                                double tolerance = 1.01 * (kg + 1) * 0x1p-24 * magnitude + Float.MIN_NORMAL;
                                assertEquals(Math.max(0, exact), out[p * m + o], tolerance,
                                        kernel.name() + " bias " + withBias + " pixel " + p + " channel " + o);
                            }
                    }
        }
    }

    @Test
    void badArgumentsAreExceptionsWithTheNumbers() {
        var kernel = new OpenBlasPointwiseConv(blas);
        var w = kernel.pack(new float[6], null, 2, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(w, new float[8], 0, 3, new float[10], 0, 2, 0, 3, false));
        assertTrue(e.getMessage().contains("input view needs 9 floats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(w, new float[9], 0, 3, new float[10], 0, 1, 0, 3, false));
        assertTrue(e.getMessage().contains("pixelStride 1 is smaller than its 2 channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kernel.pack(new float[5], null, 2, 3));
        assertTrue(e.getMessage().contains("must hold 6 floats, found 5"), e.getMessage());
        var scalarWeights = new ScalarPointwiseConv().pack(new float[6], null, 2, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(scalarWeights, new float[9], 0, 3, new float[6], 0, 2, 0, 3, false));
        assertTrue(e.getMessage().contains("packed by another kernel"), e.getMessage());
        var other = new OpenBlasPointwiseConv(blas, OpenBlasPointwiseConv.WeightLayout.IN_OUT,
                OpenBlasPointwiseConv.BiasMode.POST_PASS);
        assertThrows(IllegalArgumentException.class,
                () -> other.run(w, new float[9], 0, 3, new float[6], 0, 2, 0, 3, false), "layouts differ");
        assertThrows(IllegalArgumentException.class,
                () -> kernel.run(w, new float[9], 0, 3, new float[6], 0, 2, 2, 1, false));
    }

    @Test
    void reluKeepsNegativeZeroAndNaNLikeTheScalarKernel() {
        var kernel = new OpenBlasPointwiseConv(blas);
        // One input channel, weights {1, -1, 0}: outputs x, -x and 0 * x for each pixel.
        float[] in = {-2f, 0f, Float.NaN, 3f};
        for (var bias : new float[][] {null, {0f, 0f, 0f}}) {
            var w = kernel.pack(new float[] {1f, -1f, 0f}, bias, 3, 1);
            float[] out = new float[12];
            kernel.run(w, in, 0, 1, out, 0, 3, 0, 4, true);
            float[] scalarOut = new float[12];
            var s = new ScalarPointwiseConv();
            s.run(s.pack(new float[] {1f, -1f, 0f}, bias, 3, 1), in, 0, 1, scalarOut, 0, 3, 0, 4, true);
            for (int i = 0; i < 12; i++)
                assertEquals(Float.floatToIntBits(scalarOut[i]), Float.floatToIntBits(out[i]),
                        "element " + i + ": " + scalarOut[i] + " vs " + out[i]);
        }
    }

    @Test
    void nameSaysWhatRuns() {
        assertEquals("f32-gemm-openblas-wt-prefill", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.OUT_IN, OpenBlasPointwiseConv.BiasMode.PREFILL).name());
        assertEquals("f32-gemm-openblas-w-postbias", new OpenBlasPointwiseConv(blas,
                OpenBlasPointwiseConv.WeightLayout.IN_OUT, OpenBlasPointwiseConv.BiasMode.POST_PASS).name());
        assertTrue(OpenBlasPointwiseConv.ifAvailable().isPresent());
    }

    /**
     * One problem: weights, bias, an input view (offset, stride = K + inPad) and an output view (offset,
     * stride = M + outPad) whose padding and unrequested pixels hold {@link PointwiseReference#SENTINEL}.
     */
    private static final class Case {
        final int m, k, pixels, begin, end;
        final boolean relu;
        final float[] weight, bias, in;
        final int inOff, inStride, outOff, outStride;

        Case(int m, int k, int pixels, int begin, int end, boolean withBias, boolean relu,
             int outPad, int inPad, int inOff, int outOff) {
            this.m = m;
            this.k = k;
            this.pixels = pixels;
            this.begin = begin;
            this.end = end;
            this.relu = relu;
            SplittableRandom r = new SplittableRandom(31L * m + 17L * k + pixels);
            weight = random(r, m * k);
            bias = withBias ? random(r, m) : null;
            this.inOff = inOff;
            this.inStride = k + inPad;
            this.outOff = outOff;
            this.outStride = m + outPad;
            in = random(r, inOff + pixels * inStride);
        }

        float[] freshOutput() {
            return sentinels(outOff + pixels * outStride + 3);
        }

        void verify(PointwiseConvKernel kernel, IntPredicate checked) {
            float[] out = freshOutput();
            kernel.run(kernel.pack(weight, bias, m, k), in, inOff, inStride, out, outOff, outStride, begin, end, relu);
            check(out, checked, kernel.name());
        }

        /** Computed outputs against the reference where {@code checked}; the sentinel everywhere else. */
        void check(float[] out, IntPredicate checked, String what) {
            checkPointwise(what + " P=" + pixels, in, inOff, inStride, weight, bias, m, k, out, outOff, outStride,
                    begin, end, relu, checked);
        }
    }
}
