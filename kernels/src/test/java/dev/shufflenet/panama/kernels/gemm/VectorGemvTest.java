package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.GemvCheck;
import dev.shufflenet.panama.kernels.check.PointwiseConvCheck;
import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.VectorConfig;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector GEMV through {@link GemvCheck} (against the exact sum, per-output bound from float summation error:
 * {@link PointwiseProblem#assertCloseToExact}, and against its scalar twin, which does the same FMAs in the
 * same order and so must give the same bits); at whatever species this JVM runs (the build reruns the suite at
 * -Dshufflenet.vectorBits=128 and 256).
 */
class VectorGemvTest {
    private static final int L = VectorConfig.LANES;
    private final VectorGemv vector = new VectorGemv();
    private final ScalarGemv scalar = new ScalarGemv();

    @BeforeAll
    static void warmUp() {
        new VectorGemv().warmUp(3_000);
    }

    static Stream<PointwiseConvCheck.Shape> awkwardSizes() {
        return GemvCheck.awkwardSizes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardSizes")
    void matchesExactSumAndScalarTwinOnAwkwardSizes(PointwiseConvCheck.Shape shape) {
        GemvCheck.checkAwkward(vector, scalar, shape);
    }

    static Stream<Arguments> classifierShapes() {
        return Arrays.stream(GemvCheck.CLASSIFIER_SHAPES).map(s -> Arguments.of(s[0], s[1], s[2]));
    }

    /** The FC layers of the built-in models (v2: 1024 and 2048 inputs; v1: 240 to 1920) at batch 1 and 8. */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("classifierShapes")
    void matchesExactSumOnClassifierShapes(int m, int k, int pixels) {
        GemvCheck.checkClassifier(vector, scalar, m, k, pixels);
    }

    static Stream<Arguments> ranges() {
        return Arrays.stream(GemvCheck.RANGES).map(r -> Arguments.of(r[0], r[1]));
    }

    /** A thread's range inside a bigger tensor, odd and even starts and lengths: nothing else is written. */
    @ParameterizedTest(name = "pixels [{0}, {1}) of 9")
    @MethodSource("ranges")
    void writesOnlyItsPixelRange(int begin, int end) {
        GemvCheck.checkRange(vector, begin, end);
    }

    /**
     * A pixel computed in a pair gives the bits it gives alone: however the runtime splits a batch among
     * threads, an image's logits are the same.
     */
    @Test
    void pixelsInPairsGiveTheBitsTheyGiveAlone() {
        GemvCheck.checkPairsAndAlone(vector);
    }

    @Test
    void propagatesNanAndAppliesRelu() {
        int m = 8 * L + 2;
        float[] w = new float[m * 2];
        for (int c = 0; c < m; c++) {
            w[2 * c] = c % 2 == 0 ? 1 : -1;
            w[2 * c + 1] = 0.5f;
        }
        float[] in = {3, 2, Float.NaN, 1, 3, 2};
        float[] out = new float[3 * m];
        vector.run(vector.pack(w, null, m, 2), in, 0, 2, out, 0, m, 0, 3, true);
        for (int c = 0; c < m; c++) {
            assertEquals(c % 2 == 0 ? 4f : 0f, out[c], "pixel 0 channel " + c + ": relu(+-3 + 1)");
            assertTrue(Float.isNaN(out[m + c]), "pixel 1 channel " + c + " has a NaN input");
            assertEquals(c % 2 == 0 ? 4f : 0f, out[2 * m + c], "pixel 2 channel " + c + " (alone after a pair)");
        }
    }

    @Test
    void refusesWeightsOfAnotherKernelAndViewsTooSmall() {
        PointwiseConvKernel.PackedWeights other = new VectorPointwiseConv().pack(new float[6], null, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vector.run(other, new float[3], 0, 3, new float[2], 0, 2, 0, 1, false));
        assertTrue(e.getMessage().contains(vector.name()) && e.getMessage().contains("packed by another kernel"),
                e.getMessage());
        PointwiseConvKernel.PackedWeights w = vector.pack(new float[6], null, 2, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> vector.run(w, new float[5], 0, 3, new float[4], 0, 2, 0, 2, false));
        assertTrue(e.getMessage().contains("input view needs 6 floats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vector.pack(new float[5], null, 2, 3));
        assertTrue(e.getMessage().contains("weight must hold 6 floats, found 5"), e.getMessage());
    }

    @Test
    void splitsOutputVectorsIntoBlocksOfFourTwoAndOne() {
        assertArrayEquals(new int[] {4, 4, 4, 2, 1}, ChannelBlockedWeights.groupWidths(15, VectorGemv.BLOCK_VECTORS, false));
        // 1000 outputs at 16 lanes: 63 vectors = 15 blocks of 4, then 2 and 1.
        int[] widths = ChannelBlockedWeights.groupWidths(63, VectorGemv.BLOCK_VECTORS, false);
        assertEquals(17, widths.length);
        for (int g = 0; g < 15; g++) assertEquals(4, widths[g]);
        assertEquals(2, widths[15]);
        assertEquals(1, widths[16]);
    }

    @Test
    void namesItsSpecies() {
        assertEquals("f32-gemv-4v-relu-vector" + VectorConfig.SPECIES.vectorBitSize(), vector.name());
    }
}
