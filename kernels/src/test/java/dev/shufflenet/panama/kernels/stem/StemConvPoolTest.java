package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.KernelTally;
import dev.shufflenet.panama.kernels.check.StemConvPoolCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered fused stem through {@link StemConvPoolCheck} (the conv, ReLU and max pool it replaces, computed
 * apart in double), and the argument checks.
 */
class StemConvPoolTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }

    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void matchesConvReluThenMaxPoolInDouble(String setName, int outChannels) {
        StemConvPoolKernel kernel = TestViews.set(setName).stem();
        KernelTally tally = new KernelTally(kernel.name());
        StemConvPoolCheck.sweepGeometries(tally, kernel, new Random(31L * outChannels + setName.hashCode()), outChannels);
        tally.assertPassed();
    }

    @Test
    void stemOnALargerImage() {
        for (KernelSet set : KernelRegistry.all()) {
            KernelTally tally = new KernelTally(set.stem().name());
            StemConvPoolCheck.sweepLargerImages(tally, set.stem());
            tally.assertPassed();
        }
    }

    @Test
    void vectorAndScalarTwinAgreeWithinTheBoundOn224() {
        for (KernelSet set : KernelRegistry.all()) {
            KernelTally tally = new KernelTally(set.stem().name());
            StemConvPoolCheck.sweepNetworkSize(tally, set.stem());
            tally.assertPassed();
        }
        assertEquals("f32-stem-conv3x3s2-relu-maxpool3x3s2-scalar", KernelRegistry.scalar().stem().name());
    }

    /**
     * The leftover interior columns of a row go in one more tile that overlaps the last (its overlap is maxed in
     * again), at an odd start: 224 wide gives conv columns 1..111 inside; 4-pixel tiles end at 109, so one more
     * starts at 107; 8-pixel tiles end at 105, one more at 103. The geometries above reach this path (inW = 57
     * and 58 at both tile widths) and compare every pool value with the double reference.
     */
    @Test
    void leftoverInteriorColumnsGoInOneOverlappingTileAtAnOddStart() {
        assertEquals(107, VectorStemConvPool.lastTileStart(109, 112, 4));
        assertEquals(103, VectorStemConvPool.lastTileStart(105, 112, 8));
        assertEquals(23, VectorStemConvPool.lastTileStart(25, 28, 4));
        assertEquals(0, VectorStemConvPool.lastTileStart(29, 29, 4), "no leftover");
        assertEquals(0, VectorStemConvPool.lastTileStart(1, 4, 4), "a tile does not fit: pixels one at a time");
        assertEquals(0, VectorStemConvPool.lastTileStart(5, 6, 4), "the only odd start adds no column");
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            StemConvPoolKernel k = set.stem();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.pack(new float[80], null, 3, 3));
            assertTrue(e.getMessage().contains("81") && e.getMessage().contains("80"), e.getMessage());
            StemConvPoolKernel.PackedWeights w = k.pack(new float[81], null, 3, 3);
            // 8x8 input: conv 4x4, pool 2x2. Input needs 3 * 64 = 192 floats; give 191.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, new float[191], 0, new float[12], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("192") && e.getMessage().contains("191"), e.getMessage());
            // 2 pool rows of 2 pixels x 3 channels need 12 floats; give 11.
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 8, 8, new float[192], 0, new float[11], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("12") && e.getMessage().contains("11"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 0, 8, new float[192], 0, new float[12], 0, 3, 0, 2, true));
            assertTrue(e.getMessage().contains("height") && e.getMessage().contains("0"), e.getMessage());
        }
    }
}
