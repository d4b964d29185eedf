package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A pointwise (1x1) convolution kernel against its scalar twin and against the exact sum in double, on
 * {@link PointwiseProblem}s: NaN inputs outside the views, sentinel outputs, per-output bounds from the
 * magnitudes of the terms.
 */
public final class PointwiseConvCheck {
    /** One problem of the awkward-size sweep; pads and offset place the views inside larger arrays. */
    public record Shape(int m, int k, int pixels, boolean bias, boolean relu, int inPad, int outPad, int offset) {
        @Override
        public String toString() {
            return m + "x" + k + "x" + pixels + " bias=" + bias + " relu=" + relu + " inPad=" + inPad + " outPad="
                    + outPad + " offset=" + offset;
        }
    }

    /** Pixel ranges [begin, end) of a 23-pixel tensor: a thread's range inside a bigger one. */
    public static final int[][] RANGES = {{0, 23}, {0, 1}, {22, 23}, {5, 6}, {3, 10}, {7, 20}, {1, 22}, {9, 9}};
    /**
     * ShuffleNet v2 1.0x pointwise layers at batch 1 (m, k, pixels), one per channel count, the classifier, and
     * one v1 g3 1.0x grouped layer per stage's per-group counts (20 and 40 output channels per group).
     */
    public static final int[][] SHUFFLENET_SHAPES = {{58, 24, 3136}, {116, 116, 196}, {232, 232, 49},
            {464, 464, 49}, {1000, 1024, 1}, {20, 80, 784}, {40, 160, 196}};

    private PointwiseConvCheck() {}

    /**
     * Every case below for {@code kernel}, against {@code scalar} (its scalar twin) and the exact sums; the quick
     * sweep takes every third awkward size and leaves out the ShuffleNet-sized layers.
     */
    public static void sweep(KernelTally tally, PointwiseConvKernel kernel, PointwiseConvKernel scalar, boolean quick) {
        List<Shape> shapes = awkwardSizes();
        for (int i = 0; i < shapes.size(); i += quick ? 3 : 1) {
            Shape s = shapes.get(i);
            tally.run(kernel.name() + " " + s, () -> checkAgainst(kernel, scalar, s));
        }
        for (int m : pixelTailChannels())
            for (int pixels = 1; pixels <= 20; pixels++) {
                int p = pixels;
                tally.run(kernel.name() + " pixel tail m=" + m + " pixels=" + p, () -> checkPixelTail(kernel, scalar, m, p));
            }
        for (int[] r : RANGES)
            tally.run(kernel.name() + " pixels [" + r[0] + ", " + r[1] + ") of 23",
                    () -> checkRange(kernel, scalar, r[0], r[1]));
        if (quick) return;
        for (int[] s : SHUFFLENET_SHAPES)
            tally.run(kernel.name() + " " + s[0] + "x" + s[1] + "x" + s[2] + " vs exact",
                    () -> checkExact(kernel, s[0], s[1], s[2]));
    }

    /**
     * Output channel counts around the lane count and the 6 x 4- and 6 x 2-vector tiles: partial last vectors,
     * and every split of the vectors into groups of 4, 2 and 1 (40 is v1 g3's per-group count: 2 + 1 partial
     * vectors at 16 lanes; 2L + 1 to 3L are the same split at every width; L/2 + 1, 3L/2 + 1 and 5L/2 - 1 end in
     * a partial vector of the half-width GEMM's L/2 lanes, in groups of 2, 4 and 4 + 1; 20, 3L/2 and 3L/2 - 3 are
 * three of its vectors, one 6 x 3 group beside a wider set, and 2L + 1 to 3L the same below the CPU's widest
 * vectors). Input channel counts around the lane
     * count (the kernel does not vectorize along them, but a broken stride would show there).
     */
    public static List<Shape> awkwardSizes() {
        int l = Views.lanes();
        TreeSet<Integer> ms = new TreeSet<>(List.of(1, 2, 3, 13, 40, 58, l - 1, l, l + 1, 2 * l, 2 * l + 1,
                3 * l - 1, 3 * l, 3 * l + 1, 5 * l, 6 * l - 1, 7 * l - 3, 7 * l + 2, 11 * l + 5,
                l / 2 + 1, 3 * l / 2 + 1, 5 * l / 2 - 1, 20, 3 * l / 2, 3 * l / 2 - 3));
        ms.remove(0);
        TreeSet<Integer> ks = new TreeSet<>(List.of(1, 2, 3, 13, 24, 37, l - 1, l, l + 1));
        ks.remove(0);
        int[] pixelCounts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 17, 49};
        List<Shape> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int pixels = pixelCounts[i % pixelCounts.length];
                int layout = i % 3; // dense; channel slices (stride > channels); slices at an offset
                cases.add(new Shape(m, k, pixels, (i / 3) % 2 == 0, i % 2 == 0, layout == 0 ? 0 : 3,
                        layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases;
    }

    /**
     * Output channel counts of the pixel-tail cases: whole 4-vector groups, a partial last vector, and three
     * half-width vectors with a partial last one (the 6 x 3 and 2 x 3 tiles).
     */
    public static int[] pixelTailChannels() {
        int l = Views.lanes();
        return new int[] {4 * l, 3 * l - 2, 3 * l / 2 - 2};
    }

    public static void checkAgainst(PointwiseConvKernel kernel, PointwiseConvKernel scalar, Shape s) {
        PointwiseProblem problem = new PointwiseProblem(s.m, s.k, s.pixels, s.bias, s.inPad, s.outPad, s.offset,
                31L * s.m + s.k);
        float[] expected = problem.run(scalar, 0, s.pixels, s.relu);
        float[] result = problem.run(kernel, 0, s.pixels, s.relu);
        problem.assertOnlyRangeWritten(result, 0, s.pixels);
        problem.assertCloseTo(result, expected, 0, s.pixels);
    }

    /** Every pixel count up to 3 full 6-pixel tiles and more, so every tail (2-pixel tiles, repeated rows) is met. */
    public static void checkPixelTail(PointwiseConvKernel kernel, PointwiseConvKernel scalar, int m, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, 9, pixels, true, 1, 2, 3, pixels);
        float[] expected = problem.run(scalar, 0, pixels, true);
        float[] result = problem.run(kernel, 0, pixels, true);
        problem.assertOnlyRangeWritten(result, 0, pixels);
        problem.assertCloseTo(result, expected, 0, pixels);
    }

    /** Pixels [begin, end) of 23: pixels on either side must stay untouched. */
    public static void checkRange(PointwiseConvKernel kernel, PointwiseConvKernel scalar, int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(2 * Views.lanes() + 3, 11, 23, true, 2, 3, 5,
                begin * 100L + end);
        float[] expected = problem.run(scalar, begin, end, false);
        float[] result = problem.run(kernel, begin, end, false);
        problem.assertOnlyRangeWritten(result, begin, end);
        problem.assertCloseTo(result, expected, begin, end);
    }

    public static void checkExact(PointwiseConvKernel kernel, int m, int k, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, m + k);
        problem.assertCloseToExact(problem.run(kernel, 0, pixels, true), 0, pixels, true);
    }
}
