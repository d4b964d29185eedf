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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The residual add + ReLU epilogue ({@link PointwiseConvKernel#runAddRelu}): out = relu(res + conv(in)).
 * Three independent checks per case, for the scalar twin and both vector tiles, at whatever species this
 * JVM runs (the build reruns the kernels' tests at 128 and 256 bits):
 * <ul>
 *   <li>the exact value in double: |out - relu(exact sum + res)| within (K + 2) 2^-24 times the sum of the
 *       terms' magnitudes plus |res| (the conv's K + 1 terms of {@link PointwiseProblem}, and one rounded add;
 *       ReLU is 1-Lipschitz), 1% more for the second-order term;</li>
 *   <li>the same kernel's {@code run} without relu followed by an add and ReLU in the test: bit for bit, as
 *       the contract says (the fused step must not change a model's logits);</li>
 *   <li>views at offsets with strides wider than their channels: input padding NaN (a read outside the input
 *       poisons the result), residual padding NaN and left untouched, output sentinel bits outside the
 *       written pixels and channels.</li>
 * </ul>
 */
class PointwiseAddReluTest {
    private static final int L = VectorConfig.LANES;

    private static List<PointwiseConvKernel> kernels() {
        return List.of(new ScalarPointwiseConv(), new VectorPointwiseConv(4), new VectorPointwiseConv(2));
    }

    @BeforeAll
    static void warmUp() {
        new VectorPointwiseConv().warmUp(3_000);
    }

    /** A residual view matching a problem's output: own offset and stride, NaN around it. */
    private record Residual(float[] array, int offset, int stride) {
        static Residual of(PointwiseProblem p, int pad, int offset, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int stride = p.m + pad;
            float[] a = new float[offset + p.pixels * stride + offset + 3];
            Arrays.fill(a, Float.NaN);
            for (int px = 0; px < p.pixels; px++)
                for (int c = 0; c < p.m; c++) a[offset + px * stride + c] = (float) random.nextDouble(-2, 2);
            return new Residual(a, offset, stride);
        }

        float get(int pixel, int channel) { return array[offset + pixel * stride + channel]; }
    }

    static Stream<Arguments> shapes() {
        // M around the lane count and the tiles (every split into groups of 4, 2 and 1 vectors, partial last
        // vectors), ShuffleNet v1's per-group M (g = 3: 80, 160, 320 at 1x; 216 of stage 2's first unit is a
        // stride-2 unit and not fused); K = v1's per-group K (20, 40, 80) and awkward ones.
        int[] ms = {1, 3, L - 1, L, L + 1, 2 * L, 3 * L + 1, 5 * L, 7 * L - 3, 80, 160, 11 * L + 5};
        int[] ks = {1, 7, 20, 40, 80, L + 1};
        int[] pixels = {1, 2, 3, 4, 5, 6, 7, 11, 13, 49};
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int layout = i % 3; // dense; slices of wider tensors; slices at an offset
                cases.add(Arguments.of(m, k, pixels[i % pixels.length], i % 2 == 0, layout == 0 ? 0 : 3,
                        layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases.stream().filter(a -> ((int) a.get()[0]) > 0);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} bias={3} inPad={4} outPad={5} offset={6}")
    @MethodSource("shapes")
    void addsTheResidualThenRelu(int m, int k, int pixels, boolean bias, int inPad, int outPad, int offset) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, bias, inPad, outPad, offset, 131L * m + k);
        Residual res = Residual.of(problem, outPad + 1, offset + 2, 7L * m + pixels);
        for (PointwiseConvKernel kernel : kernels())
            check(kernel, problem, res, 0, pixels);
    }

    /** Every pixel count up to 3 full tiles: 6-pixel tiles, 2-pixel tails and repeated rows. */
    @Test
    void handlesEveryPixelTail() {
        for (int m : new int[] {4 * L, 3 * L - 2, 80}) {
            for (int pixels = 1; pixels <= 20; pixels++) {
                PointwiseProblem problem = new PointwiseProblem(m, 20, pixels, true, 1, 2, 3, pixels);
                Residual res = Residual.of(problem, 3, 1, pixels);
                for (PointwiseConvKernel kernel : kernels()) check(kernel, problem, res, 0, pixels);
            }
        }
    }

    /** A thread's range of pixels: the others stay untouched. */
    @ParameterizedTest(name = "pixels [{0}, {1}) of 23")
    @CsvSource({"0, 23", "0, 1", "22, 23", "5, 6", "3, 10", "7, 20", "1, 22", "9, 9"})
    void writesOnlyItsPixelRange(int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(2 * L + 3, 20, 23, true, 2, 3, 5, begin * 100L + end);
        Residual res = Residual.of(problem, 1, 4, end);
        for (PointwiseConvKernel kernel : kernels()) check(kernel, problem, res, begin, end);
    }

    /**
     * Through channel runs (a g-group shuffle folded into the read, as ShuffleNet v1's second grouped conv
     * reads it where the shuffle is not a pass): group 1 of 3 with 20 channels per group reads unshuffled
     * channels 1, 4, 7, ... of the 60-channel tensor.
     */
    @ParameterizedTest(name = "groups {0}, K/g {1}, M {2}, {3} pixels")
    @CsvSource({"3, 20, 80, 13", "3, 20, 7, 5", "8, 12, 48, 7", "2, 9, 17, 49", "4, 5, 3, 1"})
    void readsThroughChannelRuns(int groups, int kg, int m, int pixels) {
        int channels = groups * kg, group = 1;
        int[] positions = new int[kg];
        for (int j = 0; j < kg; j++) {
            int s = group * kg + j;
            positions[j] = (s % groups) * kg + s / groups;
        }
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
        ChannelRuns runs = sorted.runs();
        // The input: every channel of the unshuffled tensor; the weights in the original column order.
        PointwiseProblem whole = new PointwiseProblem(m, channels, pixels, true, 2, 1, 3, 17L * m + kg);
        float[] weight = new float[m * kg];
        SplittableRandom random = new SplittableRandom(kg);
        for (int i = 0; i < weight.length; i++) weight[i] = (float) random.nextDouble(-1, 1);
        float[] reordered = sorted.reorderColumns(weight, m);
        Residual res = Residual.of(whole, 2, 5, pixels);
        for (PointwiseConvKernel kernel : kernels()) {
            PointwiseConvKernel.PackedWeights packed = kernel.pack(reordered, whole.bias, m, kg);
            float[] out = whole.out.clone();
            kernel.runAddRelu(packed, runs, whole.in, whole.inOff, whole.inStride, res.array, res.offset, res.stride,
                    out, whole.outOff, whole.outStride, 0, pixels);
            float[] plain = whole.out.clone();
            kernel.run(packed, runs, whole.in, whole.inOff, whole.inStride, plain, whole.outOff, whole.outStride, 0,
                    pixels, false);
            whole.assertOnlyRangeWritten(out, 0, pixels);
            for (int p = 0; p < pixels; p++)
                for (int c = 0; c < m; c++) {
                    double exact = whole.bias[c], magnitude = Math.abs(whole.bias[c]);
                    for (int j = 0; j < kg; j++) {
                        double term = (double) whole.input(p, positions[j]) * weight[c * kg + j];
                        exact += term;
                        magnitude += Math.abs(term);
                    }
                    String where = kernel.addReluName() + " pixel " + p + " channel " + c;
                    assertNear(exact, magnitude, kg, res.get(p, c), whole.output(out, p, c), where);
                    assertSameBits(addRelu(whole.output(plain, p, c), res.get(p, c)), whole.output(out, p, c), where);
                }
        }
    }

    @Test
    void propagatesNanAndKeepsTheSignOfZero() {
        int m = L + 2;
        float[] w = new float[m], bias = new float[m];
        Arrays.fill(w, -1f);
        Arrays.fill(bias, -0f);
        float[] in = {0f, Float.NaN};
        float[] res = new float[2 * m];
        for (int c = 0; c < m; c++) res[c] = c % 2 == 0 ? -0f : -1f;
        for (PointwiseConvKernel kernel : kernels()) {
            float[] out = new float[2 * m];
            kernel.runAddRelu(kernel.pack(w, bias, m, 1), in, 0, 1, res, 0, m, out, 0, m, 0, 2);
            for (int c = 0; c < m; c++) {
                // conv = -0 + 0 * -1 = -0; -0 + -0 = -0, which ReLU (x < 0 ? 0 : x) keeps; -0 + -1 -> 0.
                assertSameBits(c % 2 == 0 ? -0f : 0f, out[c], kernel.addReluName() + " channel " + c);
                assertTrue(Float.isNaN(out[m + c]), kernel.addReluName() + " pixel 1 channel " + c + " reads a NaN");
            }
        }
    }

    @Test
    void refusesAResidualViewThatDoesNotFit() {
        PointwiseProblem problem = new PointwiseProblem(L + 1, 4, 5, true, 0);
        for (PointwiseConvKernel kernel : kernels()) {
            float[] small = new float[problem.m * problem.pixels - 1];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.runAddRelu(problem.pack(kernel), problem.in, 0, problem.inStride, small, 0,
                            problem.m, problem.out.clone(), 0, problem.outStride, 0, problem.pixels));
            assertTrue(e.getMessage().contains("residual") && e.getMessage().contains(kernel.addReluName()),
                    e.getMessage());
        }
    }

    @Test
    void namesTheEpilogue() {
        String bits = Integer.toString(VectorConfig.SPECIES.vectorBitSize());
        assertEquals("f32-gemm-6x4v-addrelu-vector" + bits, new VectorPointwiseConv(4).addReluName());
        assertEquals("f32-gemm-6x2v-addrelu-vector" + bits, new VectorPointwiseConv(2).addReluName());
        assertEquals("f32-gemm-1x1-addrelu-scalar", new ScalarPointwiseConv().addReluName());
        for (PointwiseConvKernel kernel : kernels()) assertTrue(kernel.addsResidual(), kernel.name());
    }

    /** The three checks of the class comment over pixels [begin, end). */
    private static void check(PointwiseConvKernel kernel, PointwiseProblem problem, Residual res, int begin, int end) {
        PointwiseConvKernel.PackedWeights packed = problem.pack(kernel);
        float[] out = problem.out.clone();
        float[] resBefore = res.array.clone();
        kernel.runAddRelu(packed, problem.in, problem.inOff, problem.inStride, res.array, res.offset, res.stride,
                out, problem.outOff, problem.outStride, begin, end);
        float[] plain = problem.run(kernel, begin, end, false);
        problem.assertOnlyRangeWritten(out, begin, end);
        for (int i = 0; i < resBefore.length; i++)
            if (Float.floatToRawIntBits(resBefore[i]) != Float.floatToRawIntBits(res.array[i]))
                fail(kernel.addReluName() + " wrote float " + i + " of the residual");
        for (int p = begin; p < end; p++)
            for (int c = 0; c < problem.m; c++) {
                String where = kernel.addReluName() + " pixel " + p + " channel " + c + " of " + problem.describe();
                float actual = problem.output(out, p, c);
                assertNear(problem.exact(p, c, false), problem.magnitude(p, c), problem.k, res.get(p, c), actual, where);
                assertSameBits(addRelu(problem.output(plain, p, c), res.get(p, c)), actual, where);
            }
    }

    /** What an elementwise add + ReLU pass stores for the conv's value y and the residual x. */
    private static float addRelu(float y, float x) {
        float s = x + y;
        return s < 0f ? 0f : s;
    }

    private static void assertNear(double exactSum, double magnitude, int k, float res, float actual, String where) {
        double expected = Math.max(0, exactSum + res);
        double tolerance = 1.01 * (k + 2) * 0x1p-24 * (magnitude + Math.abs(res)) + Float.MIN_NORMAL;
        if (!(Math.abs(actual - expected) <= tolerance))
            fail(where + ": expected " + expected + " +- " + tolerance + " but was " + actual);
    }

    private static void assertSameBits(float expected, float actual, String where) {
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual))
            fail(where + ": expected the bits of " + expected + " but was " + actual);
    }
}
