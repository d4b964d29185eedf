package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;

import java.util.Random;

/**
 * The minmax variant (ReLU6 and other clamps, named by {@link DepthwiseConv3x3Kernel#minmaxName()}) of a depthwise
 * kernel against a double reference over an explicitly zero-padded NCHW plane, then clamped: offset and strided
 * views with NaN sentinels around them, both strides, odd sizes, channels around the vector width. Bounds are
 * chosen so that outputs of sums of 10 terms in [-1, 1] hit both (ReLU6's 6 is hit by 8x weights).
 */
public final class DepthwiseMinmaxCheck {
    /** Image sizes (height, width) of the sweep. */
    static final int[][] SIZES = {{1, 1}, {2, 3}, {5, 3}, {7, 7}, {6, 13}};
    /** min, max, weight scale. */
    static final float[][] BOUNDS = {{0f, 6f, 8f}, {0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}};

    private DepthwiseMinmaxCheck() {}

    /** Every channel count of {@link Views#channelSweep}, each through {@link #sweepSizes}. */
    public static void sweep(KernelTally tally, DepthwiseConv3x3Kernel kernel, long seed, boolean quick) {
        for (int channels : Views.channelSweep(quick))
            sweepSizes(tally, kernel, new Random(17L * channels + seed), channels);
    }

    /** Every size of {@link #SIZES} at strides 1 and 2, the bounds, offsets and strides varying between cases. */
    public static void sweepSizes(KernelTally tally, DepthwiseConv3x3Kernel kernel, Random rnd, int channels) {
        int caseIndex = 0;
        for (int[] size : SIZES) {
            for (int stride = 1; stride <= 2; stride++, caseIndex++) {
                float[] b = BOUNDS[caseIndex % BOUNDS.length];
                int s = stride, i = caseIndex;
                tally.run(() -> kernel.minmaxName() + " C=" + channels + " " + size[0] + "x" + size[1] + " s" + s
                                + " [" + b[0] + ", " + b[1] + "]",
                        () -> checkCase(kernel, rnd, channels, size[0], size[1], s, b[0], b[1], b[2], i % 3 * 5,
                                i % 2 * 3));
            }
        }
    }

    /**
     * One case of 2 images: every output within 10 rounded terms (9 taps and the bias) of the clamped double
     * reference, nothing written outside the output view, and the clamp to [0, +inf] the ReLU run bit for bit.
     */
    public static void checkCase(DepthwiseConv3x3Kernel kernel, Random rnd, int channels, int h, int w, int stride,
                                 float min, float max, float scale, int offset, int extraStride) {
        int batch = 2;
        float[] weight = Views.random(rnd, channels * 9);
        for (int i = 0; i < weight.length; i++) weight[i] *= scale;
        float[] bias = Views.random(rnd, channels);
        View in = Views.input(rnd, channels, batch * h * w, offset, extraStride);
        int oh = DepthwiseConv3x3Kernel.outSize(h, stride), ow = DepthwiseConv3x3Kernel.outSize(w, stride);
        View out = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        String where = kernel.minmaxName() + " C=" + channels + " " + h + "x" + w + " s" + stride + " [" + min + ", "
                + max + "]";
        if (!kernel.minmaxName().contains("minmax"))
            throw new AssertionError(kernel.name() + ": minmax variant named " + kernel.minmaxName());
        DepthwiseConv3x3Kernel.PackedWeights packed = kernel.pack(weight, bias, channels);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(),
                0, batch * oh, min, max);
        Views.assertUntouchedOutside(out, where);
        DepthwiseConv3x3Check.assertMatchesReference(in, out, weight, bias, batch, h, w, stride, min, max, where);
        // The plain run with max = +infinity is the ReLU run, bit for bit.
        View relu = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        View minmax = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), relu.array(), relu.offset(),
                relu.stride(), 0, batch * oh, true);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), minmax.array(), minmax.offset(),
                minmax.stride(), 0, batch * oh, 0f, Float.POSITIVE_INFINITY);
        Views.assertSameBits(relu, minmax, where + ": ReLU as minmax [0, inf]");
    }
}
