package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.TestViews.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered direct convolution against an NCHW loop over an explicitly zero-padded image, in double. */
class DirectConvTest {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inChannels, inH, inW. */
    private static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 17, 23},  // the stem's geometry on an odd image
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 32, 32},
            {3, 3, 1, 1, 1, 1, 1, 1, 2, 5, 9},
            {1, 1, 1, 1, 0, 0, 0, 0, 5, 3, 4},
            {5, 5, 2, 1, 2, 1, 0, 3, 1, 9, 6},    // asymmetric padding and strides
            {3, 2, 1, 3, 0, 1, 2, 0, 4, 2, 13},
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 1, 1},    // a 1x1 image
            {3, 3, 1, 1, 1, 1, 1, 1, 1, 2, 30},   // a row long enough for several 8-pixel blocks
    };

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }


    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void matchesPaddedNchwReference(String setName, int outChannels) {
        DirectConvKernel kernel = TestViews.set(setName).direct();
        Random rnd = new Random(17L * outChannels + setName.hashCode());
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            checkCase(kernel, rnd, outChannels, g, i % 2 == 0 ? 2 : 1, i % 2 == 1, i % 3 != 2, i % 3 * 5, i % 2 * 3);
        }
    }

    @Test
    void stemGeometryOnALargerImage() {
        // The stem (3x3 stride 2 pad 1, 3 -> 24 channels) on 64x57: full rows of 8-pixel blocks plus leftovers.
        for (KernelSet set : KernelRegistry.all())
            checkCase(set.direct(), new Random(3), 24, new int[] {3, 3, 2, 2, 1, 1, 1, 1, 3, 64, 57}, 1, true,
                    true, 0, 0);
    }

    private static void checkCase(DirectConvKernel kernel, Random rnd, int cout, int[] g, int batch, boolean relu,
                                  boolean withBias, int offset, int extraStride) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], cin = g[8];
        int h = g[9], w = g[10];
        int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
        String where = kernel.name() + " " + cin + "->" + cout + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " pad " + pt + "," + pl + "," + pb + "," + pr + " on " + h + "x" + w + " batch " + batch
                + (relu ? " relu" : "") + (withBias ? "" : " no bias");
        float[] weight = TestViews.random(rnd, cout * cin * kh * kw);
        float[] bias = withBias ? TestViews.random(rnd, cout) : null;
        View in = TestViews.input(rnd, cin, batch * h * w, offset, extraStride);
        View out = TestViews.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        DirectConvKernel.PackedWeights packed = kernel.pack(weight, bias, cout, cin, kh, kw);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), out.array(),
                out.offset(), out.stride(), 0, batch * oh, relu);
        TestViews.assertUntouchedOutside(out, where);

        int terms = cin * kh * kw + 1;
        for (int n = 0; n < batch; n++) {
            double[][][] padded = new double[cin][h + pt + pb][w + pl + pr];
            for (int k = 0; k < cin; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[k][y + pt][x + pl] = in.get((n * h + y) * w + x, k);
            for (int m = 0; m < cout; m++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double sum = withBias ? bias[m] : 0, abs = Math.abs(sum);
                        for (int k = 0; k < cin; k++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    double t = padded[k][y * sh + i][x * sw + j] * weight[((m * cin + k) * kh + i) * kw + j];
                                    sum += t;
                                    abs += Math.abs(t);
                                }
                        if (relu) sum = Math.max(sum, 0);
                        int fn = n, fm = m, fy = y, fx = x;
                        TestViews.assertClose(sum, abs, terms, out.get((n * oh + y) * ow + x, m),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " m=" + fm);
                    }
        }

        int rows = batch * oh, split = rows / 2 + (rows > 2 ? 1 : 0);
        View parts = TestViews.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), parts.array(),
                parts.offset(), parts.stride(), 0, split, relu);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), parts.array(),
                parts.offset(), parts.stride(), split, rows, relu);
        TestViews.assertSameBits(out, parts, where + " rows split at " + split);
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            DirectConvKernel k = set.direct();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[80], null, 3, 3, 3, 3));
            assertTrue(e.getMessage().contains("81") && e.getMessage().contains("80"), e.getMessage());
            DirectConvKernel.PackedWeights w = k.pack(new float[81], null, 3, 3, 3, 3);
            float[] in = new float[3 * 8 * 8], out = new float[3 * 4 * 4];
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, 2, 2, 3, 1, 1, 1, in, 0, 3, out, 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("top 3"), e.getMessage());
            // 4 output rows of 4 pixels x 3 channels need 48 floats; give 47.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, 2, 2, 1, 1, 0, 0, in, 0, 3, new float[47], 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
        }
    }
}
