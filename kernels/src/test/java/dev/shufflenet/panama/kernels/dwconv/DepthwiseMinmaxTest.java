package dev.shufflenet.panama.kernels.dwconv;

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
 * The minmax variant (ReLU6 and other clamps) of every registered depthwise kernel against a double
 * reference over an explicitly zero-padded NCHW plane, then clamped: offset and strided views with NaN
 * sentinels around them, both strides, odd sizes, channels around the vector width. Bounds are chosen so
 * that outputs of sums of 10 terms in [-1, 1] hit both (ReLU6's 6 is hit by 8x weights).
 */
class DepthwiseMinmaxTest {
    private static final int[][] SIZES = {{1, 1}, {2, 3}, {5, 3}, {7, 7}, {6, 13}};
    /** min, max, weight scale. */
    private static final float[][] BOUNDS = {{0f, 6f, 8f}, {0f, 0.5f, 1f}, {-0.3f, 0.4f, 1f}};

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void clampsLikeTheClampedReference(String setName, int channels) {
        DepthwiseConv3x3Kernel kernel = TestViews.set(setName).depthwise();
        assertTrue(kernel.minmaxName().contains("minmax"), kernel.minmaxName());
        Random rnd = new Random(17L * channels + setName.hashCode());
        int caseIndex = 0;
        for (int[] size : SIZES) {
            for (int stride = 1; stride <= 2; stride++, caseIndex++) {
                float[] b = BOUNDS[caseIndex % BOUNDS.length];
                checkCase(kernel, rnd, channels, size[0], size[1], stride, b[0], b[1], b[2], caseIndex % 3 * 5,
                        caseIndex % 2 * 3);
            }
        }
    }

    private static void checkCase(DepthwiseConv3x3Kernel kernel, Random rnd, int channels, int h, int w, int stride,
                                  float min, float max, float scale, int offset, int extraStride) {
        int batch = 2;
        float[] weight = TestViews.random(rnd, channels * 9);
        for (int i = 0; i < weight.length; i++) weight[i] *= scale;
        float[] bias = TestViews.random(rnd, channels);
        View in = Views.input(rnd, channels, batch * h * w, offset, extraStride);
        int oh = DepthwiseConv3x3Kernel.outSize(h, stride), ow = DepthwiseConv3x3Kernel.outSize(w, stride);
        View out = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        String where = kernel.minmaxName() + " C=" + channels + " " + h + "x" + w + " s" + stride + " [" + min + ", "
                + max + "]";
        DepthwiseConv3x3Kernel.PackedWeights packed = kernel.pack(weight, bias, channels);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(),
                0, batch * oh, min, max);
        Views.assertUntouchedOutside(out, where);
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++) {
                double[][] padded = new double[h + 2][w + 2];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[y + 1][x + 1] = in.get((n * h + y) * w + x, c);
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) {
                        double sum = bias[c], abs = Math.abs(sum);
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                double t = padded[y * stride + ky][x * stride + kx] * weight[c * 9 + ky * 3 + kx];
                                sum += t;
                                abs += Math.abs(t);
                            }
                        double clamped = Math.min(Math.max(sum, min), max); // 1-Lipschitz: the bound carries
                        int fn = n, fy = y, fx = x, fc = c;
                        Views.assertClose(clamped, abs, 10, out.get((n * oh + y) * ow + x, c),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " c=" + fc);
                    }
            }
        // The plain run with max = +infinity is the ReLU run, bit for bit.
        View relu = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        View minmax = Views.output(channels, batch * oh * ow, offset + 1, extraStride + 2);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), relu.array(), relu.offset(),
                relu.stride(), 0, batch * oh, true);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), minmax.array(), minmax.offset(),
                minmax.stride(), 0, batch * oh, 0f, Float.POSITIVE_INFINITY);
        Views.assertSameBits(relu, minmax, where + ": ReLU as minmax [0, inf]");
    }

    @Test
    void refusesUnorderedBounds() {
        for (var set : dev.shufflenet.panama.kernels.KernelRegistry.all()) {
            DepthwiseConv3x3Kernel k = set.depthwise();
            DepthwiseConv3x3Kernel.PackedWeights w = k.pack(new float[27], null, 3);
            float[] in = new float[48], out = new float[48];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> k.run(w, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, Float.NaN, 6f));
        }
    }
}
