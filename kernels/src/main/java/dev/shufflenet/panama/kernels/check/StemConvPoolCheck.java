package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.util.Arrays;
import java.util.Random;

/**
 * A fused stem against the two ops it replaces, computed apart in double: a 3x3 stride-2 conv over an explicitly
 * zero-padded NCHW image, ReLU, then a 3x3 stride-2 max pool whose padding never wins. Each pool output is the
 * max of up to nine conv values, each a float sum with the direct conv's error bound; max is 1-Lipschitz, so the
 * largest of the nine bounds bounds the output.
 */
public final class StemConvPoolCheck {
    /** inChannels, inH, inW, batch: the stem's shape on sizes whose pool windows hit the padding differently. */
    public static final int[][] GEOMETRIES = {
            {3, 17, 23, 2},   // odd sizes: conv 9x12, pool 5x6 (the last pool column's window has 2 conv columns)
            {3, 32, 32, 1},   // even: conv 16x16, pool 8x8
            {3, 30, 58, 1},   // conv 15x29, pool 8x15: rows long enough for several tiles and leftovers
            {3, 1, 1, 3},     // one pixel: conv 1x1, pool 1x1
            {3, 2, 3, 2},     // conv 1x2, pool 1x1
            {3, 5, 4, 1},     // conv 3x2, pool 2x1
            {1, 9, 40, 2},    // one input channel
            {4, 7, 13, 1},    // more input channels than RGB
    };

    private StemConvPoolCheck() {}

    /**
     * Output channel counts of the sweep up to 58 (the stem has 24), every geometry; then (not in the quick sweep)
     * the stem on larger images and on the network's own 224 x 224.
     */
    public static void sweep(KernelTally tally, StemConvPoolKernel kernel, long seed, boolean quick) {
        for (int cout : Arrays.stream(Views.channelSweep(quick)).filter(c -> c <= 58).toArray())
            sweepGeometries(tally, kernel, new Random(31L * cout + seed), cout);
        if (quick) return;
        sweepLargerImages(tally, kernel);
        sweepNetworkSize(tally, kernel);
    }

    /** Every geometry of {@link #GEOMETRIES} with {@code cout} output channels; ReLU, bias and views varying. */
    public static void sweepGeometries(KernelTally tally, StemConvPoolKernel kernel, Random rnd, int cout) {
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            int k = i;
            tally.run(() -> kernel.name() + " " + g[0] + "->" + cout + " geometry " + k,
                    () -> checkCase(kernel, rnd, cout, g[0], g[1], g[2], g[3], k % 2 == 0, k % 3 != 2, k % 3 * 5,
                            k % 2 * 3));
        }
    }

    /** 3 -> 24 channels (v2 and v1 at 1x) on 64x57 and v1 2.0x's 48 on 50x66, with the ReLU the stem has. */
    public static void sweepLargerImages(KernelTally tally, StemConvPoolKernel kernel) {
        tally.run(kernel.name() + " 3->24 on 64x57",
                () -> checkCase(kernel, new Random(3), 24, 3, 64, 57, 1, true, true, 0, 0));
        tally.run(kernel.name() + " 3->48 on 50x66 batch 2",
                () -> checkCase(kernel, new Random(4), 48, 3, 50, 66, 2, true, true, 7, 0));
    }

    /** The network's own size, 3 -> 24 on 224 x 224. */
    public static void sweepNetworkSize(KernelTally tally, StemConvPoolKernel kernel) {
        tally.run(kernel.name() + " 3->24 on 224x224",
                () -> checkCase(kernel, new Random(5), 24, 3, 224, 224, 1, true, true, 0, 0));
    }

    /**
     * One case: every output within cin * 9 + 1 rounded terms of the double reference, nothing written outside
     * the output view, the rows computed in 2, 3 and 5 bands giving the same bits, and one row alone writing only
     * that row.
     */
    public static void checkCase(StemConvPoolKernel kernel, Random rnd, int cout, int cin, int h, int w, int batch,
                                 boolean relu, boolean withBias, int offset, int extraStride) {
        int ch = (h - 1) / 2 + 1, cw = (w - 1) / 2 + 1;
        int oh = (ch - 1) / 2 + 1, ow = (cw - 1) / 2 + 1;
        String where = kernel.name() + " " + cin + "->" + cout + " on " + h + "x" + w + " batch " + batch
                + (relu ? " relu" : "") + (withBias ? "" : " no bias") + " offset " + offset + " extra stride "
                + extraStride;
        if (StemConvPoolKernel.outSize(h) != oh || StemConvPoolKernel.outSize(w) != ow)
            throw new AssertionError(where + ": outSize gives " + StemConvPoolKernel.outSize(h) + "x"
                    + StemConvPoolKernel.outSize(w) + ", expected " + oh + "x" + ow);
        float[] weight = Views.random(rnd, cout * cin * 9);
        float[] bias = withBias ? Views.random(rnd, cout) : null;
        // NCHW images at an offset, NaN sentinels before and after: any read outside them poisons the result.
        int imageFloats = cin * h * w;
        float[] in = new float[offset + batch * imageFloats + 5];
        Arrays.fill(in, Views.SENTINEL);
        for (int i = 0; i < batch * imageFloats; i++) in[offset + i] = rnd.nextFloat() * 2f - 1f;
        View out = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        StemConvPoolKernel.PackedWeights packed = kernel.pack(weight, bias, cout, cin);
        kernel.run(packed, h, w, in, offset, out.array(), out.offset(), out.stride(), 0, batch * oh, relu);
        Views.assertUntouchedOutside(out, where);

        int terms = cin * 9 + 1;
        for (int n = 0; n < batch; n++) {
            double[][][] padded = new double[cin][h + 2][w + 2];
            for (int k = 0; k < cin; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[k][y + 1][x + 1] = in[offset + n * imageFloats + (k * h + y) * w + x];
            for (int m = 0; m < cout; m++) {
                double[][] conv = new double[ch][cw], abs = new double[ch][cw];
                for (int y = 0; y < ch; y++)
                    for (int x = 0; x < cw; x++) {
                        double sum = withBias ? bias[m] : 0, a = Math.abs(sum);
                        for (int k = 0; k < cin; k++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++) {
                                    double t = padded[k][2 * y + i][2 * x + j] * weight[((m * cin + k) * 3 + i) * 3 + j];
                                    sum += t;
                                    a += Math.abs(t);
                                }
                        conv[y][x] = relu ? Math.max(sum, 0) : sum;
                        abs[y][x] = a;
                    }
                for (int py = 0; py < oh; py++)
                    for (int px = 0; px < ow; px++) {
                        double best = Double.NEGATIVE_INFINITY, bound = 0;
                        for (int y = Math.max(0, 2 * py - 1); y <= Math.min(ch - 1, 2 * py + 1); y++)
                            for (int x = Math.max(0, 2 * px - 1); x <= Math.min(cw - 1, 2 * px + 1); x++) {
                                best = Math.max(best, conv[y][x]);
                                bound = Math.max(bound, abs[y][x]);
                            }
                        int fn = n, fm = m, fy = py, fx = px;
                        Views.assertClose(best, bound, terms, out.get((n * oh + py) * ow + px, m),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " m=" + fm);
                    }
            }
        }

        // Row bands (as threads get them): each band writes only its rows, and the bits do not change.
        int rows = batch * oh;
        for (int bands : new int[] {2, 3, 5}) {
            if (bands > rows) continue;
            View parts = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
            for (int b = 0; b < bands; b++)
                kernel.run(packed, h, w, in, offset, parts.array(), parts.offset(), parts.stride(),
                        rows * b / bands, rows * (b + 1) / bands, relu);
            Views.assertSameBits(out, parts, where + " in " + bands + " row bands");
        }
        // One row alone, in the middle: touches nothing else.
        View one = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        int r = rows / 2;
        kernel.run(packed, h, w, in, offset, one.array(), one.offset(), one.stride(), r, r + 1, relu);
        for (int q = 0; q < batch * oh * ow; q++)
            for (int m = 0; m < cout; m++)
                if (q / ow == r) Views.assertBits(out.get(q, m), one.get(q, m), where + " row " + r + " alone");
                else Views.assertBits(Views.SENTINEL, one.get(q, m), where + " row " + r + " alone, pixel " + q);
    }
}
