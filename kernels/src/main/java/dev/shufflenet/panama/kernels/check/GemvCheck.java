package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A GEMV (the FC layer at batch 1, {@code GemvKernels.forSet}) against the exact sum in double, per-output bound
 * from float summation error ({@link PointwiseProblem#assertCloseToExact}), and against its scalar twin, which
 * does the same FMAs in the same order and so must give the same bits. Views dense, strided (channel slices) and
 * at an offset, inside NaN inputs and sentinel outputs.
 */
public final class GemvCheck {
    /** The FC layers of the built-in models (v2: 1024 and 2048 inputs; v1: 240 to 1920) at batch 1 and 8: m, k, pixels. */
    public static final int[][] CLASSIFIER_SHAPES = {{1000, 1024, 1}, {1000, 2048, 1}, {1000, 960, 1},
            {1000, 1920, 1}, {1000, 576, 1}, {1000, 1024, 8}, {1000, 1920, 8}};
    /** Pixel ranges [begin, end) of a 9-pixel tensor, odd and even starts and lengths. */
    public static final int[][] RANGES = {{0, 9}, {0, 1}, {8, 9}, {3, 4}, {1, 8}, {2, 7}, {4, 4}};
    /** Dense shapes against the sum in double alone: one output to the classifier's size. */
    public static final List<PointwiseConvCheck.Shape> DOUBLE_PRECISION_SHAPES = List.of(
            new PointwiseConvCheck.Shape(1, 1, 1, true, false, 0, 0, 0),
            new PointwiseConvCheck.Shape(3, 5, 7, false, false, 0, 0, 0),
            new PointwiseConvCheck.Shape(17, 300, 3, true, true, 0, 0, 0),
            new PointwiseConvCheck.Shape(1000, 1024, 1, true, false, 0, 0, 0));

    private GemvCheck() {}

    /**
     * Every case below for {@code kernel}, against {@code twin} (its scalar twin) and the exact sums; the quick
     * sweep takes every third awkward size and leaves out the classifier shapes.
     */
    public static void sweep(KernelTally tally, PointwiseConvKernel kernel, PointwiseConvKernel twin, boolean quick) {
        List<PointwiseConvCheck.Shape> shapes = awkwardSizes();
        for (int i = 0; i < shapes.size(); i += quick ? 3 : 1) {
            PointwiseConvCheck.Shape s = shapes.get(i);
            tally.run(kernel.name() + " " + s, () -> checkAwkward(kernel, twin, s));
        }
        for (int[] r : RANGES)
            tally.run(kernel.name() + " pixels [" + r[0] + ", " + r[1] + ") of 9",
                    () -> checkRange(kernel, r[0], r[1]));
        tally.run(kernel.name() + " pixels in pairs and alone", () -> checkPairsAndAlone(kernel));
        for (PointwiseConvCheck.Shape s : DOUBLE_PRECISION_SHAPES)
            tally.run(kernel.name() + " " + s + " vs double", () -> checkDoublePrecision(kernel, s));
        tally.run(kernel.name() + " pixels [2, 8) of a strided view", () -> checkStridedSlice(kernel));
        if (quick) return;
        for (int[] s : CLASSIFIER_SHAPES)
            tally.run(kernel.name() + " " + s[0] + "x" + s[1] + "x" + s[2] + " vs exact",
                    () -> checkClassifier(kernel, twin, s[0], s[1], s[2]));
    }

    /**
     * Output channel counts around the lane count and the 4-vector block: partial last vectors, every split into
     * blocks of 4, 2 and 1 (15 vectors: all three), and the classifier's 1000. Pixel counts 1 to 5: one column, a
     * pair, a pair and a column. Views dense, strided (channel slices) and at an offset.
     */
    public static List<PointwiseConvCheck.Shape> awkwardSizes() {
        int l = Views.lanes();
        TreeSet<Integer> ms = new TreeSet<>(List.of(1, 3, l - 1, l, l + 1, 3 * l, 4 * l - 1, 4 * l, 4 * l + 1,
                8 * l - 1, 8 * l, 8 * l + 1,
                12 * l + 5, 15 * l - 1, 15 * l, 16 * l + 3, 1000));
        ms.remove(0);
        int[] ks = {1, 2, 13, 37, l + 1};
        List<PointwiseConvCheck.Shape> cases = new ArrayList<>();
        int i = 0;
        for (int m : ms)
            for (int k : ks) {
                int layout = i % 3; // dense; channel slices (stride > channels); slices at an offset
                cases.add(new PointwiseConvCheck.Shape(m, k, 1 + i % 5, (i / 3) % 2 == 0, i % 2 == 0,
                        layout == 0 ? 0 : 3, layout == 0 ? 0 : 5, layout == 2 ? 7 : 0));
                i++;
            }
        return cases;
    }

    /** Within the bound of the exact sum, nothing outside the output written, and the scalar twin's bits. */
    public static void checkAwkward(PointwiseConvKernel kernel, PointwiseConvKernel twin, PointwiseConvCheck.Shape s) {
        PointwiseProblem problem = new PointwiseProblem(s.m(), s.k(), s.pixels(), s.bias(), s.inPad(), s.outPad(),
                s.offset(), 31L * s.m() + s.k());
        float[] result = problem.run(kernel, 0, s.pixels(), s.relu());
        problem.assertOnlyRangeWritten(result, 0, s.pixels());
        problem.assertCloseToExact(result, 0, s.pixels(), s.relu());
        Views.assertSameBits(problem.run(twin, 0, s.pixels(), s.relu()), result,
                kernel.name() + ": the scalar twin's bits, " + problem.describe());
    }

    /** The classifier's shapes: within the bound of the exact sum, and the scalar twin's bits. */
    public static void checkClassifier(PointwiseConvKernel kernel, PointwiseConvKernel twin, int m, int k, int pixels) {
        PointwiseProblem problem = new PointwiseProblem(m, k, pixels, true, m + k);
        float[] result = problem.run(kernel, 0, pixels, false);
        problem.assertCloseToExact(result, 0, pixels, false);
        Views.assertSameBits(problem.run(twin, 0, pixels, false), result,
                kernel.name() + ": the scalar twin's bits, " + problem.describe());
    }

    /** A thread's range inside a bigger tensor: nothing else is written. */
    public static void checkRange(PointwiseConvKernel kernel, int begin, int end) {
        PointwiseProblem problem = new PointwiseProblem(9 * Views.lanes() + 3, 17, 9, true, 2, 3, 5, begin * 100L + end);
        float[] result = problem.run(kernel, begin, end, true);
        problem.assertOnlyRangeWritten(result, begin, end);
        problem.assertCloseToExact(result, begin, end, true);
    }

    /**
     * A pixel computed in a pair gives the bits it gives alone: however the runtime splits a batch among threads,
     * an image's logits are the same.
     */
    public static void checkPairsAndAlone(PointwiseConvKernel kernel) {
        PointwiseProblem problem = new PointwiseProblem(15 * Views.lanes() - 2, 33, 5, true, 1, 2, 3, 99);
        float[] together = problem.run(kernel, 0, 5, true);
        PointwiseConvKernel.PackedWeights packed = problem.pack(kernel);
        float[] alone = problem.out.clone();
        for (int p = 0; p < 5; p++)
            kernel.run(packed, problem.in, problem.inOff, problem.inStride, alone, problem.outOff, problem.outStride,
                    p, p + 1, true);
        Views.assertSameBits(together, alone, kernel.name() + ": pixels one at a time, " + problem.describe());
    }

    /** Dense views (the shape's pads and offset are not used), against the sum in double. */
    public static void checkDoublePrecision(PointwiseConvKernel kernel, PointwiseConvCheck.Shape s) {
        PointwiseProblem problem = new PointwiseProblem(s.m(), s.k(), s.pixels(), s.bias(), s.m() * 1000L + s.k());
        problem.assertCloseToExact(problem.run(kernel, 0, s.pixels(), s.relu()), 0, s.pixels(), s.relu());
    }

    /** Pixels [2, 8) of a 9-pixel strided view at an offset: nothing else is written. */
    public static void checkStridedSlice(PointwiseConvKernel kernel) {
        PointwiseProblem problem = new PointwiseProblem(5, 7, 9, true, 3, 4, 11, 7);
        float[] result = problem.run(kernel, 2, 8, true);
        problem.assertOnlyRangeWritten(result, 2, 8);
        problem.assertCloseToExact(result, 2, 8, true);
    }
}
