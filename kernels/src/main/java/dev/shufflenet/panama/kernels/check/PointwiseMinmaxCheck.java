package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The minmax variant (ReLU6 and other clamps, named by {@link PointwiseConvKernel#minmaxName()}) of a pointwise
 * kernel against the exact sum in double, clamped: output channels around the lane count and the tiles (partial
 * vectors, every group split), pixel counts that meet every tile tail, channel slices at offsets with NaN around
 * the input and sentinels around the output, and channel runs (a folded shuffle's indexed tiles) against the
 * scalar twin. Inputs and weights lie in [-1, 1], so bounds of [0, 0.5] and [-0.3, 0.4] are hit on both sides;
 * ReLU6 with 8x weights reaches 6.
 */
public final class PointwiseMinmaxCheck {
    /** One case: a problem's shape and views, the clamp bounds, and the factor the weights are scaled by. */
    public record Case(int m, int k, int pixels, boolean bias, float min, float max, float scale, int inPad,
                       int outPad, int offset) {
        @Override
        public String toString() {
            return m + "x" + k + "x" + pixels + " bias=" + bias + " [" + min + ", " + max + "] x" + scale + " inPad="
                    + inPad + " outPad=" + outPad + " offset=" + offset;
        }
    }

    private PointwiseMinmaxCheck() {}

    /** Every case below for {@code kernel}, channel runs against {@code scalar}; the quick sweep takes every third case. */
    public static void sweep(KernelTally tally, PointwiseConvKernel kernel, PointwiseConvKernel scalar, boolean quick) {
        List<Case> cases = cases();
        for (int i = 0; i < cases.size(); i += quick ? 3 : 1) {
            Case c = cases.get(i);
            tally.run(kernel.minmaxName() + " " + c, () -> checkCase(kernel, c));
        }
        tally.run(kernel.minmaxName() + " through channel runs", () -> checkChannelRuns(kernel, scalar));
    }

    public static List<Case> cases() {
        int l = Views.lanes();
        int[] ms = {1, 3, l - 1, l, l + 1, 2 * l + 3, 4 * l, 7 * l - 3, 3 * l / 2 - 1}; // the last: 3 half-width vectors
        int[] ks = {1, 5, 24, l + 1};
        int[] pixelCounts = {1, 2, 5, 6, 7, 11, 13};
        float[][] bounds = {{0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}, {0f, 6f, 8f}};
        List<Case> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                float[] b = bounds[i % bounds.length];
                int layout = i % 3;
                if (m > 0)
                    cases.add(new Case(m, k, pixelCounts[i % pixelCounts.length], i % 2 == 0, b[0], b[1], b[2],
                            layout == 0 ? 0 : 3, layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases;
    }

    /**
     * The clamped run within the bound of the clamped exact sum, nothing outside the range written, and the clamp
     * to [0, +inf] the ReLU run bit for bit.
     */
    public static void checkCase(PointwiseConvKernel kernel, Case s) {
        if (!kernel.minmaxName().contains("-minmax-"))
            throw new AssertionError(kernel.name() + ": minmax variant named " + kernel.minmaxName());
        PointwiseProblem problem = new PointwiseProblem(s.m, s.k, s.pixels, s.bias, s.inPad, s.outPad, s.offset,
                37L * s.m + s.k);
        for (int i = 0; i < problem.weight.length; i++) problem.weight[i] *= s.scale;
        float[] result = problem.out.clone();
        kernel.run(problem.pack(kernel), problem.in, problem.inOff, problem.inStride, result, problem.outOff,
                problem.outStride, 0, s.pixels, s.min, s.max);
        problem.assertOnlyRangeWritten(result, 0, s.pixels);
        problem.assertCloseToExact(result, 0, s.pixels, s.min, s.max, kernel.minmaxName());
        // Clamping to [0, +inf] is the ReLU run, bit for bit.
        float[] relu = problem.run(kernel, 0, s.pixels, true), asMinmax = problem.out.clone();
        kernel.run(problem.pack(kernel), problem.in, problem.inOff, problem.inStride, asMinmax, problem.outOff,
                problem.outStride, 0, s.pixels, 0f, Float.POSITIVE_INFINITY);
        Views.assertSameBits(relu, asMinmax, kernel.minmaxName() + ": ReLU as minmax [0, inf] on " + problem.describe());
    }

    /** A 3-group shuffle folded into the read: several runs, the vector kernels' indexed tiles; ReLU6 reached. */
    public static void checkChannelRuns(PointwiseConvKernel kernel, PointwiseConvKernel scalar) {
        int groupChannels = 8, k = 3 * groupChannels, m = 2 * Views.lanes() + 1, pixels = 13;
        ChannelRuns runs = ChannelRuns.of(16, 8, 0, 8, 8, 8);
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, 0, 2, 3, 99);
        for (int i = 0; i < problem.weight.length; i++) problem.weight[i] *= 8f;
        float[] result = problem.out.clone(), reference = problem.out.clone();
        kernel.run(problem.pack(kernel), runs, problem.in, problem.inOff, problem.inStride, result, problem.outOff,
                problem.outStride, 0, pixels, 0f, 6f);
        scalar.run(problem.pack(scalar), runs, problem.in, problem.inOff, problem.inStride, reference, problem.outOff,
                problem.outStride, 0, pixels, 0f, 6f);
        problem.assertOnlyRangeWritten(result, 0, pixels);
        problem.assertCloseTo(result, reference, 0, pixels);
        boolean hitCeiling = false;
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < m; c++) hitCeiling |= problem.output(result, p, c) == 6f;
        if (!hitCeiling)
            throw new AssertionError(kernel.minmaxName() + ": no output reached the ReLU6 ceiling; the case tests nothing");
    }
}
