package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.Views;
import dev.shufflenet.panama.kernels.check.Views.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered fused stem against the two ops it replaces, computed apart in double: a 3x3 stride-2
 * conv over an explicitly zero-padded NCHW image, ReLU, then a 3x3 stride-2 max pool whose padding never
 * wins. Each pool output is the max of up to nine conv values, each a float sum with the direct conv's
 * error bound; max is 1-Lipschitz, so the largest of the nine bounds bounds the output.
 */
class StemConvPoolTest {
    /** inChannels, inH, inW, batch: the stem's shape on sizes whose pool windows hit the padding differently. */
    private static final int[][] GEOMETRIES = {
            {3, 17, 23, 2},   // odd sizes: conv 9x12, pool 5x6 (the last pool column's window has 2 conv columns)
            {3, 32, 32, 1},   // even: conv 16x16, pool 8x8
            {3, 30, 58, 1},   // conv 15x29, pool 8x15: rows long enough for several tiles and leftovers
            {3, 1, 1, 3},     // one pixel: conv 1x1, pool 1x1
            {3, 2, 3, 2},     // conv 1x2, pool 1x1
            {3, 5, 4, 1},     // conv 3x2, pool 2x1
            {1, 9, 40, 2},    // one input channel
            {4, 7, 13, 1},    // more input channels than RGB
    };

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }

    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void matchesConvReluThenMaxPoolInDouble(String setName, int outChannels) {
        StemConvPoolKernel kernel = TestViews.set(setName).stem();
        Random rnd = new Random(31L * outChannels + setName.hashCode());
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            checkCase(kernel, rnd, outChannels, g[0], g[1], g[2], g[3], i % 2 == 0, i % 3 != 2, i % 3 * 5, i % 2 * 3);
        }
    }

    @Test
    void stemOnALargerImage() {
        // 3 -> 24 channels (v2 and v1 at 1x) on 64x57 and v1 2.0x's 48 on 50x66, with the ReLU the stem has.
        for (KernelSet set : KernelRegistry.all()) {
            checkCase(set.stem(), new Random(3), 24, 3, 64, 57, 1, true, true, 0, 0);
            checkCase(set.stem(), new Random(4), 48, 3, 50, 66, 2, true, true, 7, 0);
        }
    }

    @Test
    void vectorAndScalarTwinAgreeWithinTheBoundOn224() {
        // The network's own size, on each set: the scalar twin as the reference (its own error is in the bound).
        KernelSet scalar = KernelRegistry.scalar();
        for (KernelSet set : KernelRegistry.all())
            checkCase(set.stem(), new Random(5), 24, 3, 224, 224, 1, true, true, 0, 0);
        assertEquals("f32-stem-conv3x3s2-relu-maxpool3x3s2-scalar", scalar.stem().name());
    }

    private static void checkCase(StemConvPoolKernel kernel, Random rnd, int cout, int cin, int h, int w, int batch,
                                  boolean relu, boolean withBias, int offset, int extraStride) {
        int ch = (h - 1) / 2 + 1, cw = (w - 1) / 2 + 1;
        int oh = (ch - 1) / 2 + 1, ow = (cw - 1) / 2 + 1;
        assertEquals(oh, StemConvPoolKernel.outSize(h));
        assertEquals(ow, StemConvPoolKernel.outSize(w));
        String where = kernel.name() + " " + cin + "->" + cout + " on " + h + "x" + w + " batch " + batch
                + (relu ? " relu" : "") + (withBias ? "" : " no bias") + " offset " + offset + " extra stride "
                + extraStride;
        float[] weight = TestViews.random(rnd, cout * cin * 9);
        float[] bias = withBias ? TestViews.random(rnd, cout) : null;
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

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            StemConvPoolKernel k = set.stem();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[80], null, 3, 3));
            assertTrue(e.getMessage().contains("81") && e.getMessage().contains("80"), e.getMessage());
            StemConvPoolKernel.PackedWeights w = k.pack(new float[81], null, 3, 3);
            // 8x8 input: conv 4x4, pool 2x2. Input needs 3 * 64 = 192 floats; give 191.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, new float[191], 0, new float[12], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("192") && e.getMessage().contains("191"), e.getMessage());
            // 2 pool rows of 2 pixels x 3 channels need 12 floats; give 11.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, new float[192], 0, new float[11], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("12") && e.getMessage().contains("11"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 0, 8, new float[192], 0, new float[12], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("height") && e.getMessage().contains("0"), e.getMessage());
        }
    }
}
