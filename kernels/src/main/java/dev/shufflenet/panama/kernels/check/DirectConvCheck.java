package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;

import java.util.Arrays;
import java.util.Random;

/** A direct convolution against an NCHW loop over an explicitly zero-padded image, in double. */
public final class DirectConvCheck {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inChannels, inH, inW. */
    public static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 17, 23},  // the stem's geometry on an odd image
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 32, 32},
            {3, 3, 1, 1, 1, 1, 1, 1, 2, 5, 9},
            {1, 1, 1, 1, 0, 0, 0, 0, 5, 3, 4},
            {5, 5, 2, 1, 2, 1, 0, 3, 1, 9, 6},    // asymmetric padding and strides
            {3, 2, 1, 3, 0, 1, 2, 0, 4, 2, 13},
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 1, 1},    // a 1x1 image
            {3, 3, 1, 1, 1, 1, 1, 1, 1, 2, 30},   // a row long enough for several 8-pixel blocks
    };
    /** The stem (3x3 stride 2 pad 1, 3 -> 24 channels) on 64x57: full rows of 8-pixel blocks plus leftovers. */
    static final int[] STEM_ON_LARGER_IMAGE = {3, 3, 2, 2, 1, 1, 1, 1, 3, 64, 57};

    private DirectConvCheck() {}

    /** Output channel counts of the sweep up to 58 (the stem has 24), every geometry, then the stem on a larger image. */
    public static void sweep(KernelTally tally, DirectConvKernel kernel, long seed, boolean quick) {
        for (int cout : Arrays.stream(Views.channelSweep(quick)).filter(c -> c <= 58).toArray())
            sweepGeometries(tally, kernel, new Random(17L * cout + seed), cout);
        if (quick) return;
        tally.run(kernel.name() + " stem 3->24 on 64x57", () -> checkCase(kernel, new Random(3), 24,
                STEM_ON_LARGER_IMAGE, 1, true, true, 0, 0));
    }

    public static void sweepGeometries(KernelTally tally, DirectConvKernel kernel, Random rnd, int cout) {
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            int k = i;
            tally.run(() -> kernel.name() + " " + g[8] + "->" + cout + " geometry " + k,
                    () -> checkCase(kernel, rnd, cout, g, k % 2 == 0 ? 2 : 1, k % 2 == 1, k % 3 != 2, k % 3 * 5,
                            k % 2 * 3));
        }
    }

    /**
     * One case: every output within cin * kh * kw + 1 rounded terms of the double reference, nothing written
     * outside the output view, and the rows computed in two calls giving the same bits.
     */
    public static void checkCase(DirectConvKernel kernel, Random rnd, int cout, int[] g, int batch, boolean relu,
                                 boolean withBias, int offset, int extraStride) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], cin = g[8];
        int h = g[9], w = g[10];
        int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
        String where = kernel.name() + " " + cin + "->" + cout + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " pad " + pt + "," + pl + "," + pb + "," + pr + " on " + h + "x" + w + " batch " + batch
                + (relu ? " relu" : "") + (withBias ? "" : " no bias");
        float[] weight = Views.random(rnd, cout * cin * kh * kw);
        float[] bias = withBias ? Views.random(rnd, cout) : null;
        View in = Views.input(rnd, cin, batch * h * w, offset, extraStride);
        View out = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        DirectConvKernel.PackedWeights packed = kernel.pack(weight, bias, cout, cin, kh, kw);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), out.array(),
                out.offset(), out.stride(), 0, batch * oh, relu);
        Views.assertUntouchedOutside(out, where);

        assertMatchesReference(in, out, weight, bias, cout, g, batch, relu ? 0 : Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, where);

        int rows = batch * oh, split = rows / 2 + (rows > 2 ? 1 : 0);
        View parts = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), parts.array(),
                parts.offset(), parts.stride(), 0, split, relu);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), parts.array(),
                parts.offset(), parts.stride(), split, rows, relu);
        Views.assertSameBits(out, parts, where + " rows split at " + split);
    }

    /**
     * Every output of {@code out} within cin * kh * kw + 1 rounded terms of the conv of {@code in} computed in
     * double over an explicitly zero-padded NCHW image, clamped to [min, max] (ReLU is [0, +inf]; clamping is
     * 1-Lipschitz, so the sum's bound carries through).
     *
     * @param bias null for none
     */
    public static void assertMatchesReference(View in, View out, float[] weight, float[] bias, int cout, int[] g,
                                              int batch, double min, double max, String where) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], cin = g[8];
        int h = g[9], w = g[10];
        int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
        int terms = cin * kh * kw + 1;
        for (int n = 0; n < batch; n++) {
            double[][][] padded = new double[cin][h + pt + pb][w + pl + pr];
            for (int k = 0; k < cin; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[k][y + pt][x + pl] = in.get((n * h + y) * w + x, k);
            for (int m = 0; m < cout; m++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double sum = bias != null ? bias[m] : 0, abs = Math.abs(sum);
                        for (int k = 0; k < cin; k++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    double t = padded[k][y * sh + i][x * sw + j] * weight[((m * cin + k) * kh + i) * kw + j];
                                    sum += t;
                                    abs += Math.abs(t);
                                }
                        double clamped = Math.min(Math.max(sum, min), max);
                        int fn = n, fm = m, fy = y, fx = x;
                        Views.assertClose(clamped, abs, terms, out.get((n * oh + y) * ow + x, m),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " m=" + fm);
                    }
        }
    }
}
