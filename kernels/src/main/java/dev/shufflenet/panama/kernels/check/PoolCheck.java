package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.pool.PoolKernel;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Pooling against a padded NCHW loop in double. Max is exact (it only picks values); average is a float sum of
 * the window's taps and one multiply, so {@code taps + 1} rounded terms bound its error.
 */
public final class PoolCheck {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inH, inW. */
    public static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 28, 28},  // ShuffleNet's max pool and v1 shortcut avg pool
            {3, 3, 2, 2, 1, 1, 1, 1, 7, 5},
            {3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {3, 3, 1, 1, 1, 1, 1, 1, 4, 6},
            {2, 2, 2, 2, 0, 0, 0, 0, 6, 3},
            {3, 2, 1, 2, 2, 0, 1, 1, 5, 7},    // asymmetric window, stride and padding
    };

    public enum Mode { MAX, AVG_INCLUDE_PAD, AVG_EXCLUDE_PAD }

    private PoolCheck() {}

    /** Windows and global average pooling at every channel count of {@link Views#channelSweep}. */
    public static void sweep(KernelTally tally, PoolKernel kernel, long seed, boolean quick) {
        for (int channels : Views.channelSweep(quick)) {
            sweepWindows(tally, kernel, new Random(13L * channels + seed), channels);
            sweepGlobal(tally, kernel, new Random(channels), channels);
        }
    }

    /** Every geometry in every mode, ReLU on some averages; inputs at offsets and strides varying per geometry. */
    public static void sweepWindows(KernelTally tally, PoolKernel kernel, Random rnd, int channels) {
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            int batch = g[8] * g[9] < 100 ? 2 : 1;
            View in = Views.input(rnd, channels, batch * g[8] * g[9], i * 3, i % 2 * 4);
            boolean odd = i % 2 == 1;
            Supplier<String> where = () -> kernel.name() + " C=" + channels + " window " + g[0] + "x" + g[1] + " on "
                    + g[8] + "x" + g[9];
            tally.run(() -> where.get() + " max", () -> checkWindow(kernel, Mode.MAX, g, batch, in, false));
            tally.run(() -> where.get() + " avg", () -> checkWindow(kernel, Mode.AVG_INCLUDE_PAD, g, batch, in, !odd));
            tally.run(() -> where.get() + " avg excluding pad",
                    () -> checkWindow(kernel, Mode.AVG_EXCLUDE_PAD, g, batch, in, odd));
        }
    }

    public static void checkWindow(PoolKernel kernel, Mode mode, int[] g, int batch, View in, boolean relu) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], h = g[8], w = g[9];
        int channels = in.channels();
        int oh = PoolKernel.outSize(h, kh, sh, pt, pb), ow = PoolKernel.outSize(w, kw, sw, pl, pr);
        String where = kernel.name() + " " + mode + " C=" + channels + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " pad " + pt + "," + pl + "," + pb + "," + pr + " on " + h + "x" + w + (relu ? " relu" : "");
        View out = Views.output(channels, batch * oh * ow, 2, 3);
        run(kernel, mode, g, in, out, 0, batch * oh, relu);
        Views.assertUntouchedOutside(out, where);
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double max = Double.NEGATIVE_INFINITY, sum = 0, abs = 0;
                        int taps = 0;
                        for (int i = 0; i < kh; i++)
                            for (int j = 0; j < kw; j++) {
                                int iy = y * sh - pt + i, ix = x * sw - pl + j;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                double v = in.get((n * h + iy) * w + ix, c);
                                max = Math.max(max, v);
                                sum += v;
                                abs += Math.abs(v);
                                taps++;
                            }
                        float got = out.get((n * oh + y) * ow + x, c);
                        int fn = n, fy = y, fx = x, fc = c;
                        Supplier<String> at = () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " c=" + fc;
                        if (mode == Mode.MAX) {
                            Views.assertBits((float) max, got, at.get());
                        } else {
                            int divisor = mode == Mode.AVG_INCLUDE_PAD ? kh * kw : taps;
                            double expected = sum / divisor;
                            if (relu) expected = Math.max(expected, 0);
                            Views.assertClose(expected, abs / divisor, taps + 1, got, at);
                        }
                    }
        int rows = batch * oh, split = (rows + 1) / 2;
        View parts = Views.output(channels, batch * oh * ow, 2, 3);
        run(kernel, mode, g, in, parts, 0, split, relu);
        run(kernel, mode, g, in, parts, split, rows, relu);
        Views.assertSameBits(out, parts, where + " rows split at " + split);
    }

    public static void run(PoolKernel k, Mode mode, int[] g, View in, View out, int rowBegin, int rowEnd, boolean relu) {
        if (mode == Mode.MAX)
            k.maxPool(in.channels(), g[8], g[9], g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], in.array(),
                    in.offset(), in.stride(), out.array(), out.offset(), out.stride(), rowBegin, rowEnd);
        else
            k.avgPool(in.channels(), g[8], g[9], g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7],
                    mode == Mode.AVG_INCLUDE_PAD, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                    out.stride(), rowBegin, rowEnd, relu);
    }

    /** Global average pooling over 1, 7 and 49 pixels of 3 images, ranges composing. */
    public static void sweepGlobal(KernelTally tally, PoolKernel kernel, Random rnd, int channels) {
        for (int pixels : new int[] {1, 7, 49})
            tally.run(kernel.name() + " global avg C=" + channels + " over " + pixels + " pixels",
                    () -> checkGlobal(kernel, rnd, channels, pixels));
    }

    public static void checkGlobal(PoolKernel kernel, Random rnd, int channels, int pixels) {
        int images = 3;
        View in = Views.input(rnd, channels, images * pixels, 5, 2);
        View out = Views.output(channels, images, 1, 4);
        // Images [1, 3) first, then [0, 1): ranges must compose.
        kernel.globalAvgPool(channels, pixels, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                out.stride(), 1, images);
        kernel.globalAvgPool(channels, pixels, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                out.stride(), 0, 1);
        String where = kernel.name() + " global avg C=" + channels + " over " + pixels + " pixels";
        Views.assertUntouchedOutside(out, where);
        for (int n = 0; n < images; n++)
            for (int c = 0; c < channels; c++) {
                double sum = 0, abs = 0;
                for (int p = 0; p < pixels; p++) {
                    sum += in.get(n * pixels + p, c);
                    abs += Math.abs(in.get(n * pixels + p, c));
                }
                int fn = n, fc = c;
                Views.assertClose(sum / pixels, abs / pixels, pixels + 1, out.get(n, c),
                        () -> where + " image " + fn + " channel " + fc);
            }
    }
}
