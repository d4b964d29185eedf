package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The residual add + ReLU epilogue of a pointwise kernel ({@link PointwiseConvKernel#runAddRelu}, named by its
 * {@link PointwiseConvKernel#addReluName()}): out = relu(res + conv(in)). Three independent checks per case:
 * <ul>
 *   <li>the exact value in double: |out - relu(exact sum + res)| within (K + 2) 2^-24 times the sum of the
 *       terms' magnitudes plus |res| (the conv's K + 1 terms of {@link PointwiseProblem}, and one rounded add;
 *       ReLU is 1-Lipschitz), 1% more for the second-order term;</li>
 *   <li>the same kernel's {@code run} without relu followed by an add and ReLU here: bit for bit, as the
 *       contract says (the fused step must not change a model's logits);</li>
 *   <li>views at offsets with strides wider than their channels: input padding NaN (a read outside the input
 *       poisons the result), residual padding NaN and left untouched, output sentinel bits outside the
 *       written pixels and channels.</li>
 * </ul>
 */
public final class PointwiseAddReluCheck {
    /** One problem of the shape sweep; pads and offset place the views inside larger arrays. */
    public record Shape(int m, int k, int pixels, boolean bias, int inPad, int outPad, int offset) {
        @Override
        public String toString() {
            return m + "x" + k + "x" + pixels + " bias=" + bias + " inPad=" + inPad + " outPad=" + outPad
                    + " offset=" + offset;
        }
    }

    /** A residual view matching a problem's output: own offset and stride, NaN around it. */
    public record Residual(float[] array, int offset, int stride) {
        public static Residual of(PointwiseProblem p, int pad, int offset, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int stride = p.m + pad;
            float[] a = new float[offset + p.pixels * stride + offset + 3];
            Arrays.fill(a, Float.NaN);
            for (int px = 0; px < p.pixels; px++)
                for (int c = 0; c < p.m; c++) a[offset + px * stride + c] = (float) random.nextDouble(-2, 2);
            return new Residual(a, offset, stride);
        }

        public float get(int pixel, int channel) { return array[offset + pixel * stride + channel]; }
    }

    /** Pixel ranges [begin, end) of a 23-pixel tensor: a thread's range inside a bigger one. */
    public static final int[][] RANGES = PointwiseConvCheck.RANGES;
    /** Channel runs cases: groups, input channels per group, output channels, pixels. */
    public static final int[][] CHANNEL_RUNS = {{3, 20, 80, 13}, {3, 20, 7, 5}, {8, 12, 48, 7}, {2, 9, 17, 49},
            {4, 5, 3, 1}};

    private PointwiseAddReluCheck() {}

    /**
     * Every case below for {@code kernel}; the quick sweep takes every third shape. Nothing for a kernel without
     * the epilogue ({@link PointwiseConvKernel#addsResidual()} false).
     */
    public static void sweep(KernelTally tally, PointwiseConvKernel kernel, boolean quick) {
        if (!kernel.addsResidual()) return;
        String name = kernel.addReluName();
        List<Shape> shapes = shapes();
        for (int i = 0; i < shapes.size(); i += quick ? 3 : 1) {
            Shape s = shapes.get(i);
            tally.run(name + " " + s, () -> checkShape(kernel, s));
        }
        for (int m : pixelTailChannels())
            for (int pixels = 1; pixels <= 20; pixels++) {
                int p = pixels;
                tally.run(name + " pixel tail m=" + m + " pixels=" + p, () -> checkPixelTail(kernel, m, p));
            }
        for (int[] r : RANGES)
            tally.run(name + " pixels [" + r[0] + ", " + r[1] + ") of 23", () -> checkRange(kernel, r[0], r[1]));
        for (int[] c : CHANNEL_RUNS)
            tally.run(name + " channel runs: groups " + c[0] + ", K/g " + c[1] + ", M " + c[2] + ", " + c[3] + " pixels",
                    () -> checkChannelRuns(kernel, c[0], c[1], c[2], c[3]));
        tally.run(name + " NaN and the sign of zero", () -> checkNanAndSignOfZero(kernel));
    }

    /**
     * M around the lane count and the tiles (every split into groups of 4, 2 and 1 vectors, partial last
     * vectors), ShuffleNet v1's per-group M (g = 3: 80, 160, 320 at 1x; 216 of stage 2's first unit is a
     * stride-2 unit and not fused); K = v1's per-group K (20, 40, 80) and awkward ones.
     */
    public static List<Shape> shapes() {
        int l = Views.lanes();
        int[] ms = {1, 3, l - 1, l, l + 1, 2 * l, 3 * l, 3 * l + 1, 5 * l, 7 * l - 3, 40, 80, 160, 11 * l + 5};
        int[] ks = {1, 7, 20, 40, 80, l + 1};
        int[] pixels = {1, 2, 3, 4, 5, 6, 7, 11, 13, 49};
        List<Shape> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int layout = i % 3; // dense; slices of wider tensors; slices at an offset
                if (m > 0)
                    cases.add(new Shape(m, k, pixels[i % pixels.length], i % 2 == 0, layout == 0 ? 0 : 3,
                            layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases;
    }

    /** Output channel counts of the pixel-tail cases: whole 4-vector groups, a partial last vector, v1's 80. */
    public static int[] pixelTailChannels() {
        int l = Views.lanes();
        return new int[] {4 * l, 3 * l - 2, 80};
    }

    public static void checkShape(PointwiseConvKernel kernel, Shape s) {
        PointwiseProblem problem = new PointwiseProblem(s.m, s.k, s.pixels, s.bias, s.inPad, s.outPad, s.offset,
                131L * s.m + s.k);
        Residual res = Residual.of(problem, s.outPad + 1, s.offset + 2, 7L * s.m + s.pixels);
        check(kernel, problem, res, 0, s.pixels);
    }

    /** Every pixel count up to 3 full tiles: 6-pixel tiles, 2-pixel tails and repeated rows. */
    public static void checkPixelTail(PointwiseConvKernel kernel, int m, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, 20, pixels, true, 1, 2, 3, pixels);
        Residual res = Residual.of(problem, 3, 1, pixels);
        check(kernel, problem, res, 0, pixels);
    }

    /** A thread's range of pixels: the others stay untouched. */
    public static void checkRange(PointwiseConvKernel kernel, int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(2 * Views.lanes() + 3, 20, 23, true, 2, 3, 5,
                begin * 100L + end);
        Residual res = Residual.of(problem, 1, 4, end);
        check(kernel, problem, res, begin, end);
    }

    /**
     * Through channel runs (a g-group shuffle folded into the read, as ShuffleNet v1's second grouped conv
     * reads it where the shuffle is not a pass): group 1 of {@code groups} with {@code kg} channels per group
     * reads unshuffled channels 1, 1 + kg, ... of the groups * kg channel tensor.
     */
    public static void checkChannelRuns(PointwiseConvKernel kernel, int groups, int kg, int m, int pixels) {
        int channels = groups * kg, group = 1;
        int[] positions = new int[kg];
        for (int j = 0; j < kg; j++) {
            int s = group * kg + j;
            positions[j] = (s % groups) * kg + s / groups;
        }
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
        ChannelRuns runs = sorted.runs();
        // The input: every channel of the unshuffled tensor; the weights in the original column order.
        PointwiseProblem whole = new PointwiseProblem(m, channels, pixels, true, 2, 1, 3, 17L * m + kg);
        float[] weight = new float[m * kg];
        SplittableRandom random = new SplittableRandom(kg);
        for (int i = 0; i < weight.length; i++) weight[i] = (float) random.nextDouble(-1, 1);
        float[] reordered = sorted.reorderColumns(weight, m);
        Residual res = Residual.of(whole, 2, 5, pixels);
        PointwiseConvKernel.PackedWeights packed = kernel.pack(reordered, whole.bias, m, kg);
        float[] out = whole.out.clone();
        kernel.runAddRelu(packed, runs, whole.in, whole.inOff, whole.inStride, res.array, res.offset, res.stride,
                out, whole.outOff, whole.outStride, 0, pixels);
        float[] plain = whole.out.clone();
        kernel.run(packed, runs, whole.in, whole.inOff, whole.inStride, plain, whole.outOff, whole.outStride, 0,
                pixels, false);
        whole.assertOnlyRangeWritten(out, 0, pixels);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < m; c++) {
                double exact = whole.bias[c], magnitude = Math.abs(whole.bias[c]);
                for (int j = 0; j < kg; j++) {
                    double term = (double) whole.input(p, positions[j]) * weight[c * kg + j];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                String where = kernel.addReluName() + " runs " + runs + " pixel " + p + " channel " + c;
                assertNear(exact, magnitude, kg, res.get(p, c), whole.output(out, p, c), where);
                Views.assertBits(addRelu(whole.output(plain, p, c), res.get(p, c)), whole.output(out, p, c), where);
            }
    }

    /** -0 + -0 stays -0 through ReLU ({@code x < 0 ? 0 : x}), -0 + -1 becomes 0, and a NaN input stays NaN. */
    public static void checkNanAndSignOfZero(PointwiseConvKernel kernel) {
        int m = Views.lanes() + 2;
        float[] w = new float[m], bias = new float[m];
        Arrays.fill(w, -1f);
        Arrays.fill(bias, -0f);
        float[] in = {0f, Float.NaN};
        float[] res = new float[2 * m];
        for (int c = 0; c < m; c++) res[c] = c % 2 == 0 ? -0f : -1f;
        float[] out = new float[2 * m];
        kernel.runAddRelu(kernel.pack(w, bias, m, 1), in, 0, 1, res, 0, m, out, 0, m, 0, 2);
        for (int c = 0; c < m; c++) {
            // conv = -0 + 0 * -1 = -0; -0 + -0 = -0, which ReLU (x < 0 ? 0 : x) keeps; -0 + -1 -> 0.
            Views.assertBits(c % 2 == 0 ? -0f : 0f, out[c], kernel.addReluName() + " channel " + c);
            if (!Float.isNaN(out[m + c]))
                throw new AssertionError(kernel.addReluName() + " pixel 1 channel " + c + " reads a NaN, but gave "
                        + out[m + c]);
        }
    }

    /** The three checks of the class comment over pixels [begin, end). */
    public static void check(PointwiseConvKernel kernel, PointwiseProblem problem, Residual res, int begin, int end) {
        PointwiseConvKernel.PackedWeights packed = problem.pack(kernel);
        float[] out = problem.out.clone();
        float[] resBefore = res.array.clone();
        kernel.runAddRelu(packed, problem.in, problem.inOff, problem.inStride, res.array, res.offset, res.stride,
                out, problem.outOff, problem.outStride, begin, end);
        float[] plain = problem.run(kernel, begin, end, false);
        problem.assertOnlyRangeWritten(out, begin, end);
        for (int i = 0; i < resBefore.length; i++)
            if (Float.floatToRawIntBits(resBefore[i]) != Float.floatToRawIntBits(res.array[i]))
                throw new AssertionError(kernel.addReluName() + " wrote float " + i + " of the residual");
        for (int p = begin; p < end; p++)
            for (int c = 0; c < problem.m; c++) {
                String where = kernel.addReluName() + " pixel " + p + " channel " + c + " of " + problem.describe();
                float actual = problem.output(out, p, c);
                assertNear(problem.exact(p, c, false), problem.magnitude(p, c), problem.k, res.get(p, c), actual, where);
                Views.assertBits(addRelu(problem.output(plain, p, c), res.get(p, c)), actual, where);
            }
    }

    /** What an elementwise add + ReLU pass stores for the conv's value y and the residual x. */
    private static float addRelu(float y, float x) {
        float s = x + y;
        return s < 0f ? 0f : s;
    }

    private static void assertNear(double exactSum, double magnitude, int k, float res, float actual, String where) {
        double expected = Math.max(0, exactSum + res);
        double tolerance = 1.01 * (k + 2) * 0x1p-24 * (magnitude + Math.abs(res)) + Float.MIN_NORMAL;
        Views.assertWithin(expected, tolerance, actual, () -> where);
    }
}
