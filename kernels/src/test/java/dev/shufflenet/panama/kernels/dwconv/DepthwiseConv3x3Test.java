package dev.shufflenet.panama.kernels.dwconv;

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

/**
 * Every registered depthwise kernel against a direct NCHW loop over an explicitly zero-padded image,
 * computed in double: a reference that shares no indexing or border logic with the kernels.
 */
class DepthwiseConv3x3Test {
    private static final int[][] SIZES = {{1, 1}, {1, 5}, {2, 2}, {3, 7}, {5, 3}, {7, 7}, {13, 2}, {6, 28}};

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }


    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void matchesPaddedNchwReference(String setName, int channels) {
        DepthwiseConv3x3Kernel kernel = TestViews.set(setName).depthwise();
        Random rnd = new Random(31L * channels + setName.hashCode());
        int caseIndex = 0;
        for (int[] size : SIZES) {
            for (int stride = 1; stride <= 2; stride++, caseIndex++) {
                int h = size[0], w = size[1];
                int batch = h * w <= 50 ? 2 : 1;
                boolean relu = caseIndex % 2 == 0;
                boolean withBias = caseIndex % 3 != 1;
                String where = kernel.name() + " C=" + channels + " " + h + "x" + w + " s" + stride + " batch "
                        + batch + (relu ? " relu" : "") + (withBias ? "" : " no bias");
                checkCase(kernel, rnd, channels, batch, h, w, stride, relu, withBias, caseIndex % 3 * 7,
                        caseIndex % 2 * 5, where);
            }
        }
    }

    private static void checkCase(DepthwiseConv3x3Kernel kernel, Random rnd, int channels, int batch, int h, int w,
                                  int stride, boolean relu, boolean withBias, int offset, int extraStride,
                                  String where) {
        float[] weight = TestViews.random(rnd, channels * 9);
        float[] bias = withBias ? TestViews.random(rnd, channels) : null;
        View in = TestViews.input(rnd, channels, batch * h * w, offset, extraStride);
        int oh = DepthwiseConv3x3Kernel.outSize(h, stride), ow = DepthwiseConv3x3Kernel.outSize(w, stride);
        View out = TestViews.output(channels, batch * oh * ow, offset + 3, extraStride + 2);
        DepthwiseConv3x3Kernel.PackedWeights packed = kernel.pack(weight, bias, channels);
        kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(),
                0, batch * oh, relu);
        TestViews.assertUntouchedOutside(out, where);

        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                // NCHW plane of image n, channel c, with a one-pixel ring of zeros.
                double[][] padded = new double[h + 2][w + 2];
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) padded[y + 1][x + 1] = in.get((n * h + y) * w + x, c);
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double sum = withBias ? bias[c] : 0, abs = Math.abs(sum);
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                double t = padded[y * stride + ky][x * stride + kx] * weight[c * 9 + ky * 3 + kx];
                                sum += t;
                                abs += Math.abs(t);
                            }
                        if (relu) sum = Math.max(sum, 0);
                        int fn = n, fy = y, fx = x, fc = c;
                        TestViews.assertClose(sum, abs, 10, out.get((n * oh + y) * ow + x, c),
                                () -> where + " at n=" + fn + " y=" + fy + " x=" + fx + " c=" + fc);
                    }
                }
            }
        }

        // The same rows split in two calls (inside the last image) give the same bits.
        int rows = batch * oh;
        for (int split : new int[] {rows - (oh + 1) / 2}) {
            View parts = TestViews.output(channels, batch * oh * ow, offset + 3, extraStride + 2);
            kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), parts.array(), parts.offset(),
                    parts.stride(), 0, split, relu);
            kernel.run(packed, stride, h, w, in.array(), in.offset(), in.stride(), parts.array(), parts.offset(),
                    parts.stride(), split, rows, relu);
            TestViews.assertSameBits(out, parts, where + " rows split at " + split);
        }
    }

    @Test
    void matchesReferenceOnWideShuffleNetLayers() {
        // ShuffleNet v2 1.0x depthwise layers wider than the channel sweep: channels x input size x stride.
        int[][] shapes = {{232, 14, 2}, {464, 7, 1}};
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(7);
            for (int[] s : shapes) {
                int batch = 1;
                checkCase(set.depthwise(), rnd, s[0], batch, s[1], s[1], s[2], true, true, 0, 0,
                        set.depthwise().name() + " " + s[0] + "x" + s[1] + "x" + s[1] + " s" + s[2]);
            }
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            DepthwiseConv3x3Kernel k = set.depthwise();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[26], null, 3));
            assertTrue(e.getMessage().contains("27") && e.getMessage().contains("26"), e.getMessage());
            DepthwiseConv3x3Kernel.PackedWeights w = k.pack(new float[27], null, 3);
            float[] in = new float[3 * 4 * 4], out = new float[3 * 4 * 4];
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 3, 4, 4, in, 0, 3, out, 0, 3, 0, 2, false));
            assertTrue(e.getMessage().contains("3"), e.getMessage());
            // Output view too small: 4 rows of 4 pixels need 48 floats, the array holds 47.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 3, new float[47], 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 1, 4, 4, in, 0, 2, out, 0, 3, 0, 4, false));
            assertTrue(e.getMessage().contains("pixelStride 2"), e.getMessage());
            KernelSet other = KernelRegistry.all().getLast() == set ? KernelRegistry.all().getFirst() : KernelRegistry.all().getLast();
            if (other != set) {
                DepthwiseConv3x3Kernel.PackedWeights foreign = other.depthwise().pack(new float[27], null, 3);
                assertThrows(IllegalArgumentException.class,
                        () -> k.run(foreign, 1, 4, 4, in, 0, 3, out, 0, 3, 0, 4, false));
            }
        }
    }
}
