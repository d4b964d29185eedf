package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseAddReluCheck;
import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.VectorConfig;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The residual add + ReLU epilogue ({@link PointwiseConvKernel#runAddRelu}): out = relu(res + conv(in)), through
 * {@link PointwiseAddReluCheck} (the exact value in double, the plain run followed by an add and ReLU bit for bit,
 * and views inside NaN and sentinels), for the scalar twin and both vector tiles, at whatever species this JVM
 * runs (the build reruns the kernels' tests at 128 and 256 bits); and the argument checks and names.
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

    static Stream<PointwiseAddReluCheck.Shape> shapes() {
        return PointwiseAddReluCheck.shapes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void addsTheResidualThenRelu(PointwiseAddReluCheck.Shape shape) {
        for (PointwiseConvKernel kernel : kernels()) PointwiseAddReluCheck.checkShape(kernel, shape);
    }

    /** Every pixel count up to 3 full tiles: 6-pixel tiles, 2-pixel tails and repeated rows. */
    @Test
    void handlesEveryPixelTail() {
        for (int m : PointwiseAddReluCheck.pixelTailChannels())
            for (int pixels = 1; pixels <= 20; pixels++)
                for (PointwiseConvKernel kernel : kernels()) PointwiseAddReluCheck.checkPixelTail(kernel, m, pixels);
    }

    static Stream<Arguments> ranges() {
        return Arrays.stream(PointwiseAddReluCheck.RANGES).map(r -> Arguments.of(r[0], r[1]));
    }

    /** A thread's range of pixels: the others stay untouched. */
    @ParameterizedTest(name = "pixels [{0}, {1}) of 23")
    @MethodSource("ranges")
    void writesOnlyItsPixelRange(int begin, int end) {
        for (PointwiseConvKernel kernel : kernels()) PointwiseAddReluCheck.checkRange(kernel, begin, end);
    }

    static Stream<Arguments> channelRuns() {
        return Arrays.stream(PointwiseAddReluCheck.CHANNEL_RUNS).map(c -> Arguments.of(c[0], c[1], c[2], c[3]));
    }

    /** Through channel runs: a g-group shuffle folded into the read, as ShuffleNet v1's second grouped conv reads it. */
    @ParameterizedTest(name = "groups {0}, K/g {1}, M {2}, {3} pixels")
    @MethodSource("channelRuns")
    void readsThroughChannelRuns(int groups, int kg, int m, int pixels) {
        for (PointwiseConvKernel kernel : kernels())
            PointwiseAddReluCheck.checkChannelRuns(kernel, groups, kg, m, pixels);
    }

    static Stream<int[]> groupCases() {
        return Arrays.stream(PointwiseAddReluCheck.GROUPS);
    }

    /** All of a grouped conv's groups in one call, banded over the pixels by the vector kernels. */
    @ParameterizedTest(name = "{index}")
    @MethodSource("groupCases")
    void addsTheResidualOfEveryGroupInOneCall(int[] groupCase) {
        for (PointwiseConvKernel kernel : kernels()) PointwiseAddReluCheck.checkGroups(kernel, groupCase);
    }

    /** 48-pixel bands while all groups' weights stay in L2 (256 KB), one band past that. */
    @Test
    void bandsThePixelsWhileTheWeightsFitInL2() {
        VectorPointwiseConv conv = new VectorPointwiseConv();
        PointwiseConvKernel.PackedWeights[] small = new PointwiseConvKernel.PackedWeights[3];
        PointwiseConvKernel.PackedWeights[] big = new PointwiseConvKernel.PackedWeights[3];
        for (int g = 0; g < 3; g++) {
            small[g] = conv.pack(new float[80 * 20], null, 80, 20);
            big[g] = conv.pack(new float[256 * 128], null, 256, 128);
        }
        assertEquals(48, conv.residualBand(small, 784));
        assertEquals(50, conv.residualBand(big, 50));
    }

    @Test
    void refusesGroupsOfDifferentShapesOrAMissingRun() {
        for (PointwiseConvKernel kernel : kernels()) {
            PointwiseConvKernel.PackedWeights a = kernel.pack(new float[8 * 4], null, 8, 4);
            PointwiseConvKernel.PackedWeights b = kernel.pack(new float[8 * 5], null, 8, 5);
            float[] x = new float[400];
            IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                    () -> kernel.runGroupsAddRelu(new PointwiseConvKernel.PackedWeights[] {a, b}, null, x, 0, 9, x.clone(),
                            0, 16, new float[400], 0, 16, 0, 5));
            assertTrue(shapes.getMessage().contains("group 1 is 8 x 5"), shapes.getMessage());
            IllegalArgumentException runs = assertThrows(IllegalArgumentException.class,
                    () -> kernel.runGroupsAddRelu(new PointwiseConvKernel.PackedWeights[] {a, a},
                            new ChannelRuns[] {ChannelRuns.contiguous(4)}, x, 0, 8, x.clone(), 0, 16, new float[400], 0,
                            16, 0, 5));
            assertTrue(runs.getMessage().contains("1 channel runs for 2 groups"), runs.getMessage());
            IllegalArgumentException residual = assertThrows(IllegalArgumentException.class,
                    () -> kernel.runGroupsAddRelu(new PointwiseConvKernel.PackedWeights[] {a, a}, null, x, 0, 8,
                            new float[16 * 5 - 1], 0, 16, new float[400], 0, 16, 0, 5));
            assertTrue(residual.getMessage().contains("residual"), residual.getMessage());
        }
    }

    @Test
    void propagatesNanAndKeepsTheSignOfZero() {
        for (PointwiseConvKernel kernel : kernels()) PointwiseAddReluCheck.checkNanAndSignOfZero(kernel);
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
}
