package dev.shufflenet.panama.kernels.pool;

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
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pooling against a padded NCHW loop in double. Max is exact (it only picks values); average is a float
 * sum of the window's taps and one multiply, so {@code taps + 1} rounded terms bound its error.
 */
class PoolTest {
    /** kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight, inH, inW. */
    private static final int[][] GEOMETRIES = {
            {3, 3, 2, 2, 1, 1, 1, 1, 28, 28},  // ShuffleNet's max pool and v1 shortcut avg pool
            {3, 3, 2, 2, 1, 1, 1, 1, 7, 5},
            {3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {3, 3, 1, 1, 1, 1, 1, 1, 4, 6},
            {2, 2, 2, 2, 0, 0, 0, 0, 6, 3},
            {3, 2, 1, 2, 2, 0, 1, 1, 5, 7},    // asymmetric window, stride and padding
    };

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }


    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void windowsMatchPaddedReference(String setName, int channels) {
        PoolKernel kernel = TestViews.set(setName).pool();
        Random rnd = new Random(13L * channels + setName.hashCode());
        for (int i = 0; i < GEOMETRIES.length; i++) {
            int[] g = GEOMETRIES[i];
            int batch = g[8] * g[9] < 100 ? 2 : 1;
            View in = TestViews.input(rnd, channels, batch * g[8] * g[9], i * 3, i % 2 * 4);
            checkWindow(kernel, Mode.MAX, g, batch, in, false);
            checkWindow(kernel, Mode.AVG_INCLUDE_PAD, g, batch, in, i % 2 == 0);
            checkWindow(kernel, Mode.AVG_EXCLUDE_PAD, g, batch, in, i % 2 == 1);
        }
    }

    private enum Mode { MAX, AVG_INCLUDE_PAD, AVG_EXCLUDE_PAD }

    private static void checkWindow(PoolKernel kernel, Mode mode, int[] g, int batch, View in, boolean relu) {
        int kh = g[0], kw = g[1], sh = g[2], sw = g[3], pt = g[4], pl = g[5], pb = g[6], pr = g[7], h = g[8], w = g[9];
        int channels = in.channels();
        int oh = PoolKernel.outSize(h, kh, sh, pt, pb), ow = PoolKernel.outSize(w, kw, sw, pl, pr);
        String where = kernel.name() + " " + mode + " C=" + channels + " k" + kh + "x" + kw + " s" + sh + "," + sw
                + " pad " + pt + "," + pl + "," + pb + "," + pr + " on " + h + "x" + w + (relu ? " relu" : "");
        View out = TestViews.output(channels, batch * oh * ow, 2, 3);
        run(kernel, mode, g, in, out, 0, batch * oh, relu);
        TestViews.assertUntouchedOutside(out, where);
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
                        java.util.function.Supplier<String> at =
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " c=" + fc;
                        if (mode == Mode.MAX) {
                            if (Float.floatToRawIntBits((float) max) != Float.floatToRawIntBits(got))
                                fail(at.get() + ": expected " + max + " but was " + got);
                        } else {
                            int divisor = mode == Mode.AVG_INCLUDE_PAD ? kh * kw : taps;
                            double expected = sum / divisor;
                            if (relu) expected = Math.max(expected, 0);
                            TestViews.assertClose(expected, abs / divisor, taps + 1, got, at);
                        }
                    }
        int rows = batch * oh, split = (rows + 1) / 2;
        View parts = TestViews.output(channels, batch * oh * ow, 2, 3);
        run(kernel, mode, g, in, parts, 0, split, relu);
        run(kernel, mode, g, in, parts, split, rows, relu);
        TestViews.assertSameBits(out, parts, where + " rows split at " + split);
    }

    private static void run(PoolKernel k, Mode mode, int[] g, View in, View out, int rowBegin, int rowEnd, boolean relu) {
        if (mode == Mode.MAX)
            k.maxPool(in.channels(), g[8], g[9], g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], in.array(),
                    in.offset(), in.stride(), out.array(), out.offset(), out.stride(), rowBegin, rowEnd);
        else
            k.avgPool(in.channels(), g[8], g[9], g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7],
                    mode == Mode.AVG_INCLUDE_PAD, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                    out.stride(), rowBegin, rowEnd, relu);
    }

    @Test
    void vectorAndScalarGiveIdenticalBits() {
        // VectorPool visits taps in the scalar order, so even the averages round identically.
        Random rnd = new Random(5);
        int[] g = GEOMETRIES[0];
        View in = TestViews.input(rnd, 58, 2 * 28 * 28, 1, 6);
        for (Mode mode : Mode.values()) {
            View reference = TestViews.output(58, 2 * 14 * 14, 0, 0);
            run(KernelRegistry.scalar().pool(), mode, g, in, reference, 0, 28, true);
            for (KernelSet set : KernelRegistry.all()) {
                View out = TestViews.output(58, 2 * 14 * 14, 0, 0);
                run(set.pool(), mode, g, in, out, 0, 28, true);
                TestViews.assertSameBits(reference, out, set.pool().name() + " " + mode);
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void globalAveragePoolMatchesReference(String setName, int channels) {
        PoolKernel kernel = TestViews.set(setName).pool();
        Random rnd = new Random(channels);
        for (int pixels : new int[] {1, 7, 49}) {
            int images = 3;
            View in = TestViews.input(rnd, channels, images * pixels, 5, 2);
            View out = TestViews.output(channels, images, 1, 4);
            // Images [1, 3) first, then [0, 1): ranges must compose.
            kernel.globalAvgPool(channels, pixels, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                    out.stride(), 1, images);
            kernel.globalAvgPool(channels, pixels, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                    out.stride(), 0, 1);
            String where = kernel.name() + " global avg C=" + channels + " over " + pixels + " pixels";
            TestViews.assertUntouchedOutside(out, where);
            for (int n = 0; n < images; n++)
                for (int c = 0; c < channels; c++) {
                    double sum = 0, abs = 0;
                    for (int p = 0; p < pixels; p++) {
                        sum += in.get(n * pixels + p, c);
                        abs += Math.abs(in.get(n * pixels + p, c));
                    }
                    int fn = n, fc = c;
                    TestViews.assertClose(sum / pixels, abs / pixels, pixels + 1, out.get(n, c),
                            () -> where + " image " + fn + " channel " + fc);
                }
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            PoolKernel k = set.pool();
            float[] in = new float[4 * 8 * 8], out = new float[4 * 4 * 4];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.maxPool(4, 8, 8, 3, 3, 2, 2, 3, 1, 1, 1, in, 0, 4, out, 0, 4, 0, 4));
            assertTrue(e.getMessage().contains("top 3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.avgPool(4, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, true, in, 0, 4, new float[63], 0, 4, 0, 4, false));
            assertTrue(e.getMessage().contains("64") && e.getMessage().contains("63"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.globalAvgPool(4, 16, in, 0, 4, out, 0, 3, 0, 1));
            assertTrue(e.getMessage().contains("pixelStride 3"), e.getMessage());
            try {
                k.globalAvgPool(4, 16, in, 0, 4, out, 0, 4, 0, 1);
            } catch (RuntimeException unexpected) {
                fail("a valid call threw " + unexpected);
            }
        }
    }
}
