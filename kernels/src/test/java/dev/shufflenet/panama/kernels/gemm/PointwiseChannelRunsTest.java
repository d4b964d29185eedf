package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseProblem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shufflenet.panama.kernels.VectorConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 1x1 convs that read their input channels through {@link ChannelRuns}, as when a g-group channel
 * shuffle is folded into the read: each conv group's columns are the shuffled channels of that group,
 * which lie at {@code (s % g) * (C/g) + s / g} in the unshuffled tensor.
 *
 * <p>The reference is the exact sum in double over the weights in their original column order, reading
 * the input at those positions directly; so the runs, the column reorder and the kernels are all
 * checked against an independent formula. Every input channel that the group does not read is NaN:
 * a kernel that read one would produce NaN. Tolerance: (K + 1) 2^-24 times the sum of the terms'
 * magnitudes (a float dot product of K + 1 terms in any order; see {@link PointwiseProblem}).
 */
class PointwiseChannelRunsTest {
    private static final int L = VectorConfig.LANES;

    @BeforeAll
    static void warmUp() {
        new VectorPointwiseConv().warmUp(3_000);
        if (VectorConfig.HAS_HALF_WIDTH) new VectorPointwiseConvHalf().warmUp(3_000);
    }

    static Stream<Arguments> shuffledGroups() {
        List<Arguments> cases = new ArrayList<>();
        int[] groupCounts = {2, 3, 4, 8};
        // Per-group channels below, at and above the lane count; ShuffleNet v1's 20 (g3 1.0x) and 12 (g8 1.0x).
        int[] perGroup = {1, 5, 12, 20, L - 1, L, L + 1, 2 * L + 3};
        // 20 and 3L/2 - 1: three half-width vectors, one 6 x 3 group beside a wider set (3L - 1: the same below it).
        int[] outPerGroup = {1, 7, L, 3 * L - 1, 4 * L + 3, 40, 80, 20, 3 * L / 2 - 1};
        int[] pixels = {1, 5, 7, 13, 49};
        int i = 0;
        for (int g : groupCounts)
            for (int kg : perGroup) {
                cases.add(Arguments.of(g, kg, outPerGroup[i % outPerGroup.length], pixels[i % pixels.length],
                        i % 2 == 0, i % 3 == 0 ? 3 : 0));
                i++;
            }
        return cases.stream();
    }

    @ParameterizedTest(name = "groups {0}, K/g {1}, M/g {2}, {3} pixels, relu {4}, pad {5}")
    @MethodSource("shuffledGroups")
    void readsTheShuffledChannelsOfEachGroup(int groups, int kg, int mg, int pixels, boolean relu, int pad) {
        List<PointwiseConvKernel> kernels = new ArrayList<>(List.of(new ScalarPointwiseConv(), new VectorPointwiseConv(4),
                new VectorPointwiseConv(2)));
        if (VectorConfig.HAS_HALF_WIDTH) kernels.addAll(VectorPointwiseConvHalf.tiles()); // the half-width twins
        for (PointwiseConvKernel kernel : kernels) {
            assertTrue(kernel.readsChannelRuns(), kernel.name());
            for (int g = 0; g < groups; g++) check(kernel, groups, g, kg, mg, pixels, relu, pad);
        }
    }

    private static void check(PointwiseConvKernel kernel, int groups, int group, int kg, int mg, int pixels,
                              boolean relu, int pad) {
        int channels = groups * kg, stride = channels + pad, offset = 5;
        int[] positions = new int[kg];
        for (int t = 0; t < kg; t++) {
            int s = group * kg + t;
            positions[t] = (s % groups) * kg + s / groups;
        }
        SplittableRandom random = new SplittableRandom(1000L * groups + 10L * kg + group);
        float[] weight = new float[mg * kg], bias = new float[mg];
        for (int i = 0; i < weight.length; i++) weight[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < mg; i++) bias[i] = (float) random.nextDouble(-1, 1);
        float[] in = new float[offset + pixels * stride + offset];
        Arrays.fill(in, Float.NaN);
        for (int p = 0; p < pixels; p++)
            for (int t = 0; t < kg; t++) in[offset + p * stride + positions[t]] = (float) random.nextDouble(-1, 1);

        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
        PointwiseConvKernel.PackedWeights packed = kernel.pack(sorted.reorderColumns(weight, mg), bias, mg, kg);
        int outStride = mg + 2;
        float[] out = new float[offset + pixels * outStride + offset];
        Arrays.fill(out, PointwiseProblem.SENTINEL);
        kernel.run(packed, sorted.runs(), in, offset, stride, out, offset, outStride, 0, pixels, relu);

        for (int i = 0; i < out.length; i++) {
            int rel = i - offset;
            boolean written = rel >= 0 && rel < pixels * outStride && rel % outStride < mg;
            if (!written && Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(PointwiseProblem.SENTINEL))
                fail(kernel.name() + ": float " + i + " outside the output view was written");
        }
        for (int p = 0; p < pixels; p++)
            for (int m = 0; m < mg; m++) {
                double exact = bias[m], magnitude = Math.abs(bias[m]);
                for (int t = 0; t < kg; t++) {
                    double term = (double) in[offset + p * stride + positions[t]] * weight[m * kg + t];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                if (relu && exact < 0) exact = 0;
                double tolerance = 1.01 * (kg + 1) * 0x1p-24 * magnitude + Float.MIN_NORMAL;
                float actual = out[offset + p * outStride + m];
                if (!(Math.abs(actual - exact) <= tolerance))
                    assertEquals(exact, actual, tolerance, kernel.name() + ": group " + group + " of " + groups
                            + ", pixel " + p + ", channel " + m + ", runs " + sorted.runs());
            }
    }

    @Test
    void runsMustMatchTheWeightsAndFitTheView() {
        List<PointwiseConvKernel> kernels = new ArrayList<>(List.of(new ScalarPointwiseConv(), new VectorPointwiseConv(4),
                new VectorPointwiseConv(2)));
        if (VectorConfig.HAS_HALF_WIDTH) kernels.addAll(VectorPointwiseConvHalf.tiles()); // the half-width twins
        for (PointwiseConvKernel kernel : kernels) {
            PointwiseConvKernel.PackedWeights w = kernel.pack(new float[4 * 6], null, 4, 6);
            float[] in = new float[10 * 2], out = new float[4 * 2];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.run(w, ChannelRuns.of(0, 2, 5, 3), in, 0, 10, out, 0, 4, 0, 2, false));
            assertTrue(e.getMessage().contains("read 5 channels, but the weights have 6"), e.getMessage());
            // Runs ending at channel 12 do not fit a view of stride 10 over 2 pixels in 20 floats.
            assertThrows(IllegalArgumentException.class,
                    () -> kernel.run(w, ChannelRuns.of(0, 3, 9, 3), in, 0, 10, out, 0, 4, 0, 2, false));
        }
    }

    /** A kernel that does not read runs still takes the one run [0, K), and says so for anything else. */
    @Test
    void theDefaultAcceptsOnlyOneRunFromZero() {
        PointwiseConvKernel plainOnly = new PointwiseConvKernel() {
            final ScalarPointwiseConv inner = new ScalarPointwiseConv();
            @Override public String name() { return "plain-only"; }
            @Override public PackedWeights pack(float[] weight, float[] bias, int m, int k) {
                return inner.pack(weight, bias, m, k);
            }
            @Override public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff,
                                      int outStride, int pixelBegin, int pixelEnd, boolean relu) {
                inner.run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, relu);
            }
        };
        PointwiseConvKernel.PackedWeights w = plainOnly.pack(new float[] {2, 3}, null, 1, 2);
        float[] out = new float[1];
        plainOnly.run(w, ChannelRuns.contiguous(2), new float[] {1, 1}, 0, 2, out, 0, 1, 0, 1, false);
        assertEquals(5f, out[0]);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> plainOnly.run(w, ChannelRuns.of(0, 1, 2, 1), new float[3], 0, 3, out, 0, 1, 0, 1, false));
        assertTrue(e.getMessage().contains("plain-only reads its input channels as one run"), e.getMessage());
    }
}
