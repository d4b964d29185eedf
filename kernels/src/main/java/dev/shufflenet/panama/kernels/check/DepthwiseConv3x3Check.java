package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;

import java.util.Random;

/**
 * A depthwise 3x3 kernel against a direct NCHW loop over an explicitly zero-padded image, computed in double:
 * a reference that shares no indexing or border logic with the kernels.
 */
public final class DepthwiseConv3x3Check {
    /** Image sizes (height, width) of the sweep: 1x1, one row, odd, and a ShuffleNet stage's width. */
    static final int[][] SIZES = {{1, 1}, {1, 5}, {2, 2}, {3, 7}, {5, 3}, {7, 7}, {13, 2}, {6, 28}};
    /** ShuffleNet v2 1.0x depthwise layers wider than the channel sweep: channels, input size, stride. */
    static final int[][] WIDE_LAYERS = {{232, 14, 2}, {464, 7, 1}};

    private DepthwiseConv3x3Check() {}

    /** Every channel count of {@link Views#channelSweep}, then ShuffleNet's wide layers (not in the quick sweep). */
    public static void sweep(KernelTally tally, DepthwiseConv3x3Kernel kernel, long seed, boolean quick) {
        for (int channels : Views.channelSweep(quick)) {
            Random rnd = new Random(31L * channels + seed);
            sweepSizes(tally, kernel, rnd, channels);
        }
        if (quick) return;
        Random rnd = new Random(7);
        for (int[] s : WIDE_LAYERS)
            tally.run(kernel.name() + " " + s[0] + "x" + s[1] + "x" + s[1] + " s" + s[2],
                    () -> checkCase(kernel, rnd, s[0], 1, s[1], s[1], s[2], true, true, 0, 0,
                            kernel.name() + " " + s[0] + "x" + s[1] + "x" + s[1] + " s" + s[2]));
    }

    /** Every size of {@link #SIZES} at strides 1 and 2, ReLU, bias, offsets and strides varying between cases. */
    public static void sweepSizes(KernelTally tally, DepthwiseConv3x3Kernel kernel, Random rnd, int channels) {
        int caseIndex = 0;
        for (int[] size : SIZES) {
            for (int stride = 1; stride <= 2; stride++, caseIndex++) {
                int h = size[0], w = size[1], s = stride, i = caseIndex;
                int batch = h * w <= 50 ? 2 : 1;
                boolean relu = i % 2 == 0;
                boolean withBias = i % 3 != 1;
                String where = kernel.name() + " C=" + channels + " " + h + "x" + w + " s" + stride + " batch "
                        + batch + (relu ? " relu" : "") + (withBias ? "" : " no bias");
                tally.run(where, () -> checkCase(kernel, rnd, channels, batch, h, w, s, relu, withBias, i % 3 * 7,
                        i % 2 * 5, where));
            }
        }
    }

    /**
     * One case: every output within 10 rounded terms (9 taps and the bias) of the double reference, nothing
     * written outside the output view, and the same rows computed in two calls giving the same bits.
     */
    public static void checkCase(DepthwiseConv3x3Kernel kernel, Random rnd, int channels, int batch, int h, int w,
                                 int stride, boolean relu, boolean withBias, int offset, int extraStride, String where) {
        float[] weight = Views.random(rnd, channels * 9);
        float[] bias = withBias ? Views.random(rnd, channels) : null;
        View in = Views.input(rnd, channels, batch * h * w, offset, extraStride);
        int oh = DepthwiseConv3x3Kernel.outSize(h, stride), ow = DepthwiseConv3x3Kernel.outSize(w, stride);
        View out = Views.output(channels, batch * oh * ow, offset + 3, extraStride + 2);
        DepthwiseConv3x3Kernel.PackedWeights packed = kernel.pack(weight, bias, channels);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(),
                0, batch * oh, relu);
        Views.assertUntouchedOutside(out, where);

        assertMatchesReference(in, out, weight, bias, batch, h, w, stride, relu ? 0 : Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, where);

        // The same rows split in two calls (inside the last image) give the same bits.
        int rows = batch * oh;
        int split = rows - (oh + 1) / 2;
        View parts = Views.output(channels, batch * oh * ow, offset + 3, extraStride + 2);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), parts.array(), parts.offset(),
                parts.stride(), 0, split, relu);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), parts.array(), parts.offset(),
                parts.stride(), split, rows, relu);
        Views.assertSameBits(out, parts, where + " rows split at " + split);
    }

    /**
     * Every output of {@code out} within 10 rounded terms (9 taps and the bias) of the depthwise conv of {@code in}
     * computed in double over an explicitly zero-padded NCHW plane, clamped to [min, max] (ReLU is [0, +inf];
     * clamping is 1-Lipschitz, so the sum's bound carries through).
     *
     * @param bias null for none
     */
    public static void assertMatchesReference(View in, View out, float[] weight, float[] bias, int batch, int h,
                                              int w, int stride, double min, double max, String where) {
        int channels = in.channels();
        int oh = DepthwiseConv3x3Kernel.outSize(h, stride), ow = DepthwiseConv3x3Kernel.outSize(w, stride);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                // NCHW plane of image n, channel c, with a one-pixel ring of zeros.
                double[][] padded = new double[h + 2][w + 2];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[y + 1][x + 1] = in.get((n * h + y) * w + x, c);
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double sum = bias != null ? bias[c] : 0, abs = Math.abs(sum);
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                double t = padded[y * stride + ky][x * stride + kx] * weight[c * 9 + ky * 3 + kx];
                                sum += t;
                                abs += Math.abs(t);
                            }
                        double clamped = Math.min(Math.max(sum, min), max);
                        int fn = n, fy = y, fx = x, fc = c;
                        Views.assertClose(clamped, abs, 10, out.get((n * oh + y) * ow + x, c),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " c=" + fc);
                    }
                }
            }
        }
    }
}
