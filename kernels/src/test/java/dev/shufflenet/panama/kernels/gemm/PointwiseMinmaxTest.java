package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.KernelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minmax variant (ReLU6 and other clamps) of every pointwise kernel in the registry (the scalar twin
 * and both vector tiles where the JVM has the Vector API) against the exact sum in double, clamped: output
 * channels around the lane count and the tiles (partial vectors, every group split), pixel counts that
 * meet every tile tail, channel slices at offsets with NaN around the input and sentinels around the
 * output, and channel runs (a folded shuffle's indexed tiles). Inputs and weights lie in [-1, 1], so
 * bounds of [0, 0.5] and [-0.3, 0.4] are hit on both sides; ReLU6 with 8x weights reaches 6.
 */
class PointwiseMinmaxTest {
    private static final int L = VectorConfig.LANES;

    static List<PointwiseConvKernel> kernels() {
        List<PointwiseConvKernel> ks = new ArrayList<>(List.of(new ScalarPointwiseConv()));
        if (KernelRegistry.vectorApiAvailable()) ks.addAll(VectorPointwiseConv.tiles());
        return ks;
    }

    @BeforeAll
    static void warmUp() {
        for (PointwiseConvKernel k : kernels()) k.warmUp(3_000);
    }

    static Stream<Arguments> cases() {
        int[] ms = {1, 3, L - 1, L, L + 1, 2 * L + 3, 4 * L, 7 * L - 3};
        int[] ks = {1, 5, 24, L + 1};
        int[] pixelCounts = {1, 2, 5, 6, 7, 11, 13};
        float[][] bounds = {{0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}, {0f, 6f, 8f}};
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                float[] b = bounds[i % bounds.length];
                int layout = i % 3;
                cases.add(Arguments.of(m, k, pixelCounts[i % pixelCounts.length], i % 2 == 0, b[0], b[1], b[2],
                        layout == 0 ? 0 : 3, layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} bias={3} [{4}, {5}] x{6} inPad={7} outPad={8} offset={9}")
    @MethodSource("cases")
    void clampsLikeTheClampedExactSum(int m, int k, int pixels, boolean bias, float min, float max, float scale,
                                      int inPad, int outPad, int offset) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, bias, inPad, outPad, offset, 37L * m + k);
        for (int i = 0; i < problem.weight.length; i++) problem.weight[i] *= scale;
        for (PointwiseConvKernel kernel : kernels()) {
            assertTrue(kernel.minmaxName().contains("-minmax-"), kernel.minmaxName());
            float[] result = problem.out.clone();
            kernel.run(problem.pack(kernel), problem.in, problem.inOff, problem.inStride, result, problem.outOff,
                    problem.outStride, 0, pixels, min, max);
            problem.assertOnlyRangeWritten(result, 0, pixels);
            assertClampedExact(problem, result, min, max, kernel.minmaxName());
            // Clamping to [0, +inf] is the ReLU run, bit for bit.
            float[] relu = problem.run(kernel, 0, pixels, true), asMinmax = problem.out.clone();
            kernel.run(problem.pack(kernel), problem.in, problem.inOff, problem.inStride, asMinmax, problem.outOff,
                    problem.outStride, 0, pixels, 0f, Float.POSITIVE_INFINITY);
            assertArrayEquals(relu, asMinmax, kernel.name() + ": ReLU as minmax [0, inf] on " + problem.describe());
        }
    }

    /** A 3-group shuffle folded into the read: several runs, the vector kernels' indexed tiles. */
    @Test
    void clampsThroughChannelRuns() {
        int groupChannels = 8, k = 3 * groupChannels, m = 2 * L + 1, pixels = 13;
        ChannelRuns runs = ChannelRuns.of(16, 8, 0, 8, 8, 8);
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, 0, 2, 3, 99);
        for (int i = 0; i < problem.weight.length; i++) problem.weight[i] *= 8f;
        for (PointwiseConvKernel kernel : kernels()) {
            float[] result = problem.out.clone(), reference = problem.out.clone();
            kernel.run(problem.pack(kernel), runs, problem.in, problem.inOff, problem.inStride, result, problem.outOff,
                    problem.outStride, 0, pixels, 0f, 6f);
            new ScalarPointwiseConv().run(new ScalarPointwiseConv().pack(problem.weight, problem.bias, m, k), runs,
                    problem.in, problem.inOff, problem.inStride, reference, problem.outOff, problem.outStride, 0,
                    pixels, 0f, 6f);
            problem.assertOnlyRangeWritten(result, 0, pixels);
            problem.assertCloseTo(result, reference, 0, pixels);
            boolean hitCeiling = false;
            for (int p = 0; p < pixels; p++)
                for (int c = 0; c < m; c++) hitCeiling |= problem.output(result, p, c) == 6f;
            assertTrue(hitCeiling, kernel.minmaxName() + ": no output reached the ReLU6 ceiling; the case tests nothing");
        }
    }

    @Test
    void refusesUnorderedOrNaNBounds() {
        for (PointwiseConvKernel kernel : kernels()) {
            PointwiseProblem problem = new PointwiseProblem(4, 3, 2, true, 1);
            PointwiseConvKernel.PackedWeights w = problem.pack(kernel);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.run(w, problem.in,
                    0, 3, problem.out.clone(), 0, 4, 0, 2, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernel.run(w, problem.in, 0, 3, problem.out.clone(), 0,
                    4, 0, 2, 0f, Float.NaN));
        }
    }

    /** Exact value in double clamped (clamping is 1-Lipschitz, so the sum's error bound carries through). */
    private static void assertClampedExact(PointwiseProblem problem, float[] result, float min, float max, String name) {
        for (int p = 0; p < problem.pixels; p++)
            for (int c = 0; c < problem.m; c++) {
                double tolerance = 1.01 * (problem.k + 1) * 0x1p-24 * problem.magnitude(p, c) + Float.MIN_NORMAL;
                double expected = Math.min(Math.max(problem.exact(p, c, false), min), max);
                float actual = problem.output(result, p, c);
                if (!(Math.abs(actual - expected) <= tolerance))
                    org.junit.jupiter.api.Assertions.fail(name + ": pixel " + p + " channel " + c + " of "
                            + problem.describe() + ": expected " + expected + " +- " + tolerance + " but was " + actual);
            }
    }
}
