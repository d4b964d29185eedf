package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.Views;
import dev.shufflenet.panama.kernels.check.Views.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minmax variant (ReLU6 and other clamps) of every registered direct conv against a double reference
 * over an explicitly zero-padded NCHW image, then clamped: MobileNet's stem (3x3 stride 2 pad 1, 3 -> 32
 * channels) and odd geometries, offset and strided views with NaN sentinels, output channels around the
 * vector width.
 */
class DirectConvMinmaxTest {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inChannels, inH, inW. */
    private static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 3, 17, 23},
            {3, 3, 1, 1, 1, 1, 1, 1, 2, 5, 30},
            {5, 5, 2, 1, 2, 1, 0, 3, 1, 9, 6},
    };
    /** min, max, weight scale (8x weights push sums of 28 terms past 6). */
    private static final float[][] BOUNDS = {{0f, 6f, 8f}, {0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}};

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }

    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void clampsLikeTheClampedReference(String setName, int outChannels) {
        DirectConvKernel kernel = TestViews.set(setName).direct();
        Random rnd = new Random(23L * outChannels + setName.hashCode());
        for (int i = 0; i < GEOMETRIES.length; i++) {
            float[] b = BOUNDS[i % BOUNDS.length];
            checkCase(kernel, rnd, outChannels, GEOMETRIES[i], b[0], b[1], b[2], i % 3 * 5, i % 2 * 3);
        }
    }

    @Test
    void mobileNetStem() {
        for (KernelSet set : KernelRegistry.all())
            checkCase(set.direct(), new Random(5), 32, new int[] {3, 3, 2, 2, 1, 1, 1, 1, 3, 33, 40}, 0f, 6f, 8f, 3, 1);
    }

    private static void checkCase(DirectConvKernel kernel, Random rnd, int cout, int[] g, float min, float max,
                                  float scale, int offset, int extraStride) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], cin = g[8];
        int h = g[9], w = g[10], batch = 2;
        int oh = (h + pt + pb - kh) / sh + 1, ow = (w + pl + pr - kw) / sw + 1;
        String where = kernel.minmaxName() + " " + cin + "->" + cout + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " on " + h + "x" + w + " [" + min + ", " + max + "]";
        assertTrue(kernel.minmaxName().contains("minmax"), where);
        float[] weight = TestViews.random(rnd, cout * cin * kh * kw);
        for (int i = 0; i < weight.length; i++) weight[i] *= scale;
        float[] bias = TestViews.random(rnd, cout);
        View in = Views.input(rnd, cin, batch * h * w, offset, extraStride);
        View out = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        DirectConvKernel.PackedWeights packed = kernel.pack(weight, bias, cout, cin, kh, kw);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), out.array(),
                out.offset(), out.stride(), 0, batch * oh, min, max);
        Views.assertUntouchedOutside(out, where);
        int terms = cin * kh * kw + 1;
        for (int n = 0; n < batch; n++) {
            double[][][] padded = new double[cin][h + pt + pb][w + pl + pr];
            for (int k = 0; k < cin; k++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[k][y + pt][x + pl] = in.get((n * h + y) * w + x, k);
            for (int m = 0; m < cout; m++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double sum = bias[m], abs = Math.abs(sum);
                        for (int k = 0; k < cin; k++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    double t = padded[k][y * sh + i][x * sw + j] * weight[((m * cin + k) * kh + i) * kw + j];
                                    sum += t;
                                    abs += Math.abs(t);
                                }
                        double clamped = Math.min(Math.max(sum, min), max); // 1-Lipschitz: the bound carries
                        int fn = n, fm = m, fy = y, fx = x;
                        Views.assertClose(clamped, abs, terms, out.get((n * oh + y) * ow + x, m),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " m=" + fm);
                    }
        }
        View relu = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        View minmax = Views.output(cout, batch * oh * ow, offset + 1, extraStride + 1);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), relu.array(),
                relu.offset(), relu.stride(), 0, batch * oh, true);
        kernel.run(packed, h, w, sh, sw, pt, pl, pb, pr, in.array(), in.offset(), in.stride(), minmax.array(),
                minmax.offset(), minmax.stride(), 0, batch * oh, 0f, Float.POSITIVE_INFINITY);
        Views.assertSameBits(relu, minmax, where + ": ReLU as minmax [0, inf]");
    }

    @Test
    void refusesUnorderedBounds() {
        for (KernelSet set : KernelRegistry.all()) {
            DirectConvKernel k = set.direct();
            DirectConvKernel.PackedWeights w = k.pack(new float[27], null, 1, 3, 3, 3);
            float[] in = new float[48], out = new float[16];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 4, 4, 1, 1, 1, 1, 1, 1, in, 0, 3, out, 0, 1, 0, 4, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
        }
    }
}
