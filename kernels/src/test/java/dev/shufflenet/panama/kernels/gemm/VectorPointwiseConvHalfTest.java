package dev.shufflenet.panama.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.check.KernelTally;
import dev.shufflenet.panama.kernels.check.PointwiseAddReluCheck;
import dev.shufflenet.panama.kernels.check.PointwiseConvCheck;
import dev.shufflenet.panama.kernels.check.PointwiseMinmaxCheck;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The half-width GEMM ({@link VectorPointwiseConvHalf}, generated from {@link VectorPointwiseConv}) through the same
 * checks as the full width: the awkward sizes (partial vectors of the half width among them), every pixel tail, pixel
 * ranges, ShuffleNet shapes against the exact sum, the add + ReLU and minmax epilogues; with both main tiles. The
 * build reruns it at 128 and 256 bits, so the half width is checked at 256 and 128 bits (at 128 there is no half);
 * the arm64 lane's SVE CPUs (256 and 512 bits) check it at 128 and 256.
 */
class VectorPointwiseConvHalfTest {
    private final ScalarPointwiseConv scalar = new ScalarPointwiseConv();
    /**
     * Under qemu (the arm64 lane) the checks' quick sweeps: the full ones ran for the full width already, and the
     * twin is the same code at another species.
     */
    private static final boolean QUICK = Boolean.getBoolean("shufflenet.test.emulated");

    @BeforeAll
    static void warmUp() {
        Assumptions.assumeTrue(VectorConfig.HAS_HALF_WIDTH, "no float species below " + VectorConfig.BITS + " bits");
        new VectorPointwiseConvHalf().warmUp(3_000);
    }

    @Test
    void passesThePointwiseChecks() {
        for (VectorPointwiseConvHalf half : VectorPointwiseConvHalf.tiles())
            assertClean(half.name(), t -> PointwiseConvCheck.sweep(t, half, scalar, QUICK));
    }

    @Test
    void passesTheAddReluChecks() {
        for (VectorPointwiseConvHalf half : VectorPointwiseConvHalf.tiles())
            assertClean(half.addReluName(), t -> PointwiseAddReluCheck.sweep(t, half, QUICK));
    }

    @Test
    void passesTheMinmaxChecks() {
        for (VectorPointwiseConvHalf half : VectorPointwiseConvHalf.tiles())
            assertClean(half.minmaxName(), t -> PointwiseMinmaxCheck.sweep(t, half, scalar, QUICK));
    }

    /** The proof that this is the half width: its names, and weights packed in vectors of half the lanes. */
    @Test
    void packsVectorsOfHalfTheLanes() {
        String bits = Integer.toString(VectorConfig.HALF_BITS);
        assertEquals(VectorConfig.BITS / 2, VectorConfig.HALF_BITS);
        assertEquals(VectorConfig.LANES / 2, VectorConfig.HALF_LANES);
        assertEquals("f32-gemm-6x4v-relu-vector" + bits, new VectorPointwiseConvHalf(4).name());
        assertEquals("f32-gemm-6x2v-addrelu-vector" + bits, new VectorPointwiseConvHalf(2).addReluName());
        assertEquals("f32-gemm-6x4v-minmax-vector" + bits, new VectorPointwiseConvHalf(4).minmaxName());
        int m = 5 * VectorConfig.HALF_LANES; // v1 g3's 40 channels at 8 lanes: 4 + 1 vectors; 3 vectors at 16 lanes
        VectorPointwiseConvHalf half = new VectorPointwiseConvHalf(4);
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(half.name(), half.pack(new float[m * 3], null, m, 3));
        assertArrayEquals(new int[] {4, 1}, packed.groupVectors);
        VectorPointwiseConv full = new VectorPointwiseConv(4);
        ChannelBlockedWeights fullPacked = ChannelBlockedWeights.of(full.name(), full.pack(new float[m * 3], null, m, 3));
        assertArrayEquals(ChannelBlockedWeights.groupWidths((m + VectorConfig.LANES - 1) / VectorConfig.LANES, 4,
                VectorPointwiseConv.THREE_VECTOR_GROUP), fullPacked.groupVectors);
        // Three vectors at half width: one group of 3 beside a wider set (its 6 x 3 tiles), else 2 + 1.
        int three = 3 * VectorConfig.HALF_LANES - 1;
        ChannelBlockedWeights threePacked = ChannelBlockedWeights.of(half.name(),
                half.pack(new float[three * 3], null, three, 3));
        assertArrayEquals(VectorConfig.HALF_BITS < VectorConfig.PREFERRED_BITS ? new int[] {3} : new int[] {2, 1},
                threePacked.groupVectors);
    }

    /** The registry's accessor gives the target's tile, and only beside the vector set. */
    @Test
    void isTheVectorSetsHalfWidthGemm() {
        assertEquals(new VectorPointwiseConvHalf().name(),
                HalfWidthKernels.pointwise(KernelRegistry.vector()).orElseThrow().name());
        assertTrue(HalfWidthKernels.pointwise(KernelRegistry.scalar()).isEmpty());
        assertFalse(HalfWidthKernels.worthTiming(2 * VectorConfig.LANES), "whole vectors at both widths");
    }

    /** What the calibration times: fewer padded lanes at half width, and no more passes over the pixels. */
    @Test
    void isTimedWhereItPadsFewerLanesInNoMorePasses() {
        // v1 g3's per-group counts at 16 and 8 lanes with the 4-vector main tile (AVX-512).
        assertTrue(HalfWidthKernels.worthTiming(40, 16, 8, 4, false, false), "48 lanes in 2 + 1 vectors against 40 in 4 + 1");
        assertTrue(HalfWidthKernels.worthTiming(34, 16, 8, 4, false, false), "v1 g4: 48 lanes against 40, two passes each");
        assertFalse(HalfWidthKernels.worthTiming(20, 16, 8, 4, false, false), "one pass of 2 vectors against two of 2 + 1");
        assertFalse(HalfWidthKernels.worthTiming(24, 16, 8, 4, false, false), "v1 g8: the same");
        assertFalse(HalfWidthKernels.worthTiming(50, 16, 8, 4, false, false), "v1 g2: one pass of 4 against three of 4 + 2 + 1");
        assertFalse(HalfWidthKernels.worthTiming(80, 16, 8, 4, false, false), "80 lanes at both widths");
        assertFalse(HalfWidthKernels.worthTiming(10, 16, 8, 4, false, false), "16 lanes at both widths");
        assertFalse(HalfWidthKernels.worthTiming(40, 16, 8, 2, false, false), "with the 2-vector tile 40 is 2 + 1 against 2 + 2 + 1");
        assertEquals(2, ChannelBlockedWeights.passes(40, 16, 4, false));
        assertEquals(3, ChannelBlockedWeights.passes(50, 8, 4, false));
        // Where the half width packs three vectors as one group (beside a 512-bit set), 17 to 24 channels are one
        // pass at both widths, with fewer lanes at 8.
        assertTrue(HalfWidthKernels.worthTiming(20, 16, 8, 4, false, true), "v1 g3 1.0x: 32 lanes against 24, one pass each");
        assertTrue(HalfWidthKernels.worthTiming(17, 16, 8, 4, false, true), "v1 g4 1.0x: 32 lanes against 24");
        assertTrue(HalfWidthKernels.worthTiming(40, 16, 8, 4, false, true), "two passes each, as before");
        assertFalse(HalfWidthKernels.worthTiming(50, 16, 8, 4, false, true), "7 vectors stay 4 + 2 + 1");
        assertFalse(HalfWidthKernels.worthTiming(40, 16, 8, 4, true, true),
                "at 16 lanes in one pass of 3, 40 channels would not be timed: why the full width keeps 2 + 1");
        assertEquals(1, ChannelBlockedWeights.passes(20, 8, 4, true));
        assertEquals(2, ChannelBlockedWeights.passes(20, 8, 4, false));
    }

    private static void assertClean(String kernel, Consumer<KernelTally> sweep) {
        KernelTally tally = new KernelTally(kernel);
        sweep.accept(tally);
        assertTrue(tally.cases() > 0, kernel + ": no cases ran");
        assertEquals(0, tally.failed(), kernel + ": " + tally.failed() + " of " + tally.cases() + " cases failed; worst "
                + tally.worstWhere());
    }
}
