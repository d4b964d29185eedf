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
 * The grouped form ({@link PointwiseConvKernel#runGroupsAddRelu}, all of a grouped conv's groups in one call,
 * which a kernel may cut into pixel bands) meets the same three against each group's plain {@code run}.
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

    /**
     * Grouped cases: groups, output and input channels per group, pixels, 1 to read through a folded shuffle's
     * channel runs, first and last pixel written. v1-g3-1.0's stage 2 (3 x 80 x 20) and v1-g8-1.0's (8 x 48 x 12)
     * over more than one 48-pixel band with a partial last one, a thread's range starting inside a band, odd
     * sizes, one group, and weights past 256 KB (the one-band path of {@code VectorPointwiseConv}).
     */
    public static final int[][] GROUPS = {{3, 80, 20, 113, 0, 0, 113}, {3, 80, 20, 113, 1, 0, 113},
            {8, 48, 12, 61, 1, 0, 61}, {8, 48, 12, 61, 0, 7, 59}, {2, 17, 9, 50, 1, 1, 50}, {1, 35, 7, 53, 0, 0, 53},
            {3, 256, 128, 50, 0, 3, 50}};

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
        for (int[] c : GROUPS)
            tally.run(name + " " + describeGroups(c), () -> checkGroups(kernel, c));
    }

    /** How a {@link #GROUPS} case reads in a report. */
    public static String describeGroups(int[] c) {
        return "groups " + c[0] + " x " + c[1] + "x" + c[2] + ", pixels [" + c[5] + ", " + c[6] + ") of " + c[3]
                + (c[4] == 1 ? ", through channel runs" : "");
    }

    /**
     * A {@link #GROUPS} case: every group's output slice against that group's plain run followed by an add and ReLU
     * (bit for bit) and against the exact value in double; input, residual and output inside NaN-padded and
     * sentinel-filled arrays at offsets; nothing outside the pixel range and channels written, the residual untouched.
     */
    public static void checkGroups(PointwiseConvKernel kernel, int[] c) {
        int groups = c[0], m = c[1], kg = c[2], pixels = c[3], begin = c[5], end = c[6];
        boolean throughRuns = c[4] == 1;
        int inChannels = groups * kg, channels = groups * m;
        int inStride = inChannels + 3, inOff = 5, resStride = channels + 2, resOff = 3, outStride = channels + 1,
                outOff = 2;
        SplittableRandom random = new SplittableRandom(31L * groups + m + kg + pixels);
        float[] in = new float[inOff + pixels * inStride + 4];
        Arrays.fill(in, Float.NaN);
        for (int p = 0; p < pixels; p++)
            for (int ch = 0; ch < inChannels; ch++) in[inOff + p * inStride + ch] = (float) random.nextDouble(-1, 1);
        float[] res = new float[resOff + pixels * resStride + 4];
        Arrays.fill(res, Float.NaN);
        for (int p = 0; p < pixels; p++)
            for (int ch = 0; ch < channels; ch++) res[resOff + p * resStride + ch] = (float) random.nextDouble(-2, 2);
        float[] resBefore = res.clone();
        float[][] weight = new float[groups][m * kg], bias = new float[groups][m];
        int[][] positions = new int[groups][kg]; // where group g's column j sits in the input pixel
        PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[groups];
        ChannelRuns[] runs = throughRuns ? new ChannelRuns[groups] : null;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < m * kg; i++) weight[g][i] = (float) random.nextDouble(-1, 1);
            for (int i = 0; i < m; i++) bias[g][i] = (float) random.nextDouble(-1, 1);
            for (int j = 0; j < kg; j++) {
                int s = g * kg + j; // a g-group shuffle folded into the read
                positions[g][j] = throughRuns ? (s % groups) * kg + s / groups : s;
            }
            if (throughRuns) {
                ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions[g]);
                runs[g] = sorted.runs();
                packed[g] = kernel.pack(sorted.reorderColumns(weight[g], m), bias[g], m, kg);
            } else {
                packed[g] = kernel.pack(weight[g], bias[g], m, kg);
            }
        }
        float[] out = new float[outOff + pixels * outStride + 4];
        Arrays.fill(out, Views.SENTINEL);
        float[] plain = out.clone();
        kernel.runGroupsAddRelu(packed, runs, in, inOff, inStride, res, resOff, resStride, out, outOff, outStride,
                begin, end);
        for (int g = 0; g < groups; g++) {
            if (throughRuns)
                kernel.run(packed[g], runs[g], in, inOff, inStride, plain, outOff + g * m, outStride, begin, end, false);
            else
                kernel.run(packed[g], in, inOff + g * kg, inStride, plain, outOff + g * m, outStride, begin, end, false);
        }
        String name = kernel.addReluName() + " " + describeGroups(c);
        for (int i = 0; i < resBefore.length; i++)
            if (Float.floatToRawIntBits(resBefore[i]) != Float.floatToRawIntBits(res[i]))
                throw new AssertionError(name + " wrote float " + i + " of the residual");
        for (int i = 0; i < out.length; i++) {
            int p = (i - outOff) / outStride, ch = (i - outOff) % outStride;
            boolean written = i >= outOff && p >= begin && p < end && ch < channels;
            if (!written) {
                Views.assertBits(Views.SENTINEL, out[i], name + ": float " + i + " is outside the written views");
                continue;
            }
            int g = ch / m, oc = ch % m;
            double exact = bias[g][oc], magnitude = Math.abs(bias[g][oc]);
            for (int j = 0; j < kg; j++) {
                double term = (double) in[inOff + p * inStride + positions[g][j]] * weight[g][oc * kg + j];
                exact += term;
                magnitude += Math.abs(term);
            }
            float r = res[resOff + p * resStride + ch];
            String where = name + " pixel " + p + " group " + g + " channel " + oc;
            assertNear(exact, magnitude, kg, r, out[i], where);
            Views.assertBits(addRelu(plain[i], r), out[i], where);
        }
    }

    /**
     * M around the lane count and the tiles (every split into groups of 4, 2 and 1 vectors, partial last
     * vectors), ShuffleNet v1's per-group M (g = 3: 80, 160, 320 at 1x; 216 of stage 2's first unit is a
     * stride-2 unit and not fused); K = v1's per-group K (20, 40, 80) and awkward ones.
     */
    public static List<Shape> shapes() {
        int l = Views.lanes();
        // 20 and 3L/2: three half-width vectors (one 6 x 3 group beside a wider set).
        int[] ms = {1, 3, l - 1, l, l + 1, 2 * l, 3 * l, 3 * l + 1, 5 * l, 7 * l - 3, 40, 80, 160, 11 * l + 5, 20,
                3 * l / 2};
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
        return new int[] {4 * l, 3 * l - 2, 80, 3 * l / 2 - 2};
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
