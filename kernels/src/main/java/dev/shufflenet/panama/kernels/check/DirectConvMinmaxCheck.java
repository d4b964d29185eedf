package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;

import java.util.Arrays;
import java.util.Random;

/**
 * The minmax variant (ReLU6 and other clamps, named by {@link DirectConvKernel#minmaxName()}) of a direct conv
 * against a double reference over an explicitly zero-padded NCHW image, then clamped: MobileNet's stem (3x3
 * stride 2 pad 1, 3 -> 32 channels) and odd geometries, offset and strided views with NaN sentinels, output
 * channels around the vector width.
 */
public final class DirectConvMinmaxCheck {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inChannels, inH, inW. */
    public static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 17, 23},
            {3, 3, 1, 1, 1, 1, 1, 1, 2, 5, 30},
            {5, 5, 2, 1, 2, 1, 0, 3, 1, 9, 6},
    };
    /** min, max, weight scale (8x weights push sums of 28 terms past 6). */
    static final float[][] BOUNDS = {{0f, 6f, 8f}, {0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}};
    /** MobileNet's stem, 3x3 stride 2 pad 1 from 3 channels, on 33x40. */
    static final int[] MOBILENET_STEM = {3, 3, 2, 2, 1, 1, 1, 1, 3, 33, 40};

    private DirectConvMinmaxCheck() {}

    /** Output channel counts of the sweep up to 58, every geometry, then (not in the quick sweep) MobileNet's stem. */
    public static void sweep(KernelTally tally, DirectConvKernel kernel, long seed, boolean quick) {
        for (int cout : Arrays.stream(Views.channelSweep(quick)).filter(c -> c <= 58).toArray())
            sweepGeometries(tally, kernel, new Random(23L * cout + seed), cout);
        if (quick) return;
        sweepMobileNetStem(tally, kernel);
    }

    /** Every geometry of {@link #GEOMETRIES} with {@code cout} output channels, the bounds and views varying. */
    public static void sweepGeometries(KernelTally tally, DirectConvKernel kernel, Random rnd, int cout) {
        for (int i = 0; i < GEOMETRIES.length; i++) {
            float[] b = BOUNDS[i % BOUNDS.length];
            int k = i;
            tally.run(() -> kernel.minmaxName() + " " + GEOMETRIES[k][8] + "->" + cout + " geometry " + k + " [" + b[0]
                            + ", " + b[1] + "]",
                    () -> checkCase(kernel, rnd, cout, GEOMETRIES[k], b[0], b[1], b[2], k % 3 * 5, k % 2 * 3));
        }
    }

    /** MobileNet's stem (3 -> 32 channels) with ReLU6 and 8x weights. */
    public static void sweepMobileNetStem(KernelTally tally, DirectConvKernel kernel) {
        tally.run(kernel.minmaxName() + " MobileNet stem 3->32 on 33x40 [0, 6]",
                () -> checkCase(kernel, new Random(5), 32, MOBILENET_STEM, 0f, 6f, 8f, 3, 1));
    }

    /**
     * One case of 2 images: every output within cin * kh * kw + 1 rounded terms of the clamped double reference,
     * nothing written outside the output view, and the clamp to [0, +inf] the ReLU run bit for bit.
     */
    public static void checkCase(DirectConvKernel kernel, Random rnd, int cout, int[] g, float min, float max,
                                 float scale, int offset, int extraStride) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], cin = g[8];
        int h = g[9], w = g[10], batch = 2;
        int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
        String where = kernel.minmaxName() + " " + cin + "->" + cout + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " on " + h + "x" + w + " [" + min + ", " + max + "]";
        if (!kernel.minmaxName().contains("minmax"))
            throw new AssertionError(kernel.name() + ": minmax variant named " + kernel.minmaxName());
        float[] weight = Views.random(rnd, cout * cin * kh * kw);
        for (int i = 0; i < weight.length; i++) weight[i] *= scale;
        float[] bias = Views.random(rnd, cout);
        View in = Views.input(rnd, cin, batch * h * w, offset, extraStride);
        View out = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        DirectConvKernel.PackedWeights packed = kernel.pack(weight, bias, cout, cin, kh, kw);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), out.array(),
                out.offset(), out.stride(), 0, batch * oh, min, max);
        Views.assertUntouchedOutside(out, where);
        DirectConvCheck.assertMatchesReference(in, out, weight, bias, cout, g, batch, min, max, where);
        View relu = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        View minmax = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), relu.array(),
                relu.offset(), relu.stride(), 0, batch * oh, true);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), minmax.array(),
                minmax.offset(), minmax.stride(), 0, batch * oh, 0f, Float.POSITIVE_INFINITY);
        Views.assertSameBits(relu, minmax, where + ": ReLU as minmax [0, inf]");
    }
}
