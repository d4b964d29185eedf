package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.check.KernelTally;
import dev.shufflenet.panama.kernels.check.StemConvPoolCheck;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pixel-vector stem through {@link StemConvPoolCheck} whichever stem the target's set picks, so that both
 * stems are checked on every machine and at every width the kernels module reruns at (128, 256, 512 bits).
 * Channel counts below, at and above the 6-channel block and the lane count; the geometries' widths reach
 * rows of one pixel, of one vector chunk and of several, and odd conv widths (the odd column past the last).
 */
class PixelVectorStemConvPoolTest {
    private static final PixelVectorStemConvPool KERNEL = new PixelVectorStemConvPool();

    @ParameterizedTest(name = "{0} output channels")
    @ValueSource(ints = {1, 5, 6, 7, 12, 15, 16, 17, 24, 33, 48, 58})
    void matchesConvReluThenMaxPoolInDouble(int outChannels) {
        KernelTally tally = new KernelTally(KERNEL.name());
        StemConvPoolCheck.sweepGeometries(tally, KERNEL, new Random(17L * outChannels), outChannels);
        tally.assertPassed();
    }

    @Test
    void largerImagesAndTheNetworksOwnSize() {
        KernelTally tally = new KernelTally(KERNEL.name());
        StemConvPoolCheck.sweepLargerImages(tally, KERNEL);
        StemConvPoolCheck.sweepNetworkSize(tally, KERNEL);
        // Wider than one chunk of 4 vectors at every width up to 512 bits: 2 chunks or more.
        tally.run(KERNEL.name() + " 3->24 on 40x300", () -> StemConvPoolCheck.checkCase(KERNEL, new Random(6), 24, 3,
                40, 300, 1, true, true, 3, 2));
        tally.assertPassed();
    }

    /**
     * The vector set's stem picks this kernel exactly where the channel-vector stem would idle the target's share
     * of lanes (24 channels at 16 lanes: 8 of 32), and lists it as a member, so the checks and the self-test
     * cover it on every target.
     */
    @Test
    void theChannelStemHandsOverWhereItWouldIdleLanes() {
        VectorStemConvPool channels = new VectorStemConvPool();
        assertEquals(0.25, VectorStemConvPool.idleLanes(24, 16));
        assertEquals(0.0, VectorStemConvPool.idleLanes(48, 16));
        assertEquals(0.0, VectorStemConvPool.idleLanes(24, 8));
        double threshold = TargetConfigs.current().stem().pixelStemIdleLanes();
        for (int c : new int[] {3, 8, 16, 24, 29, 48, 58}) {
            boolean pixels = VectorStemConvPool.idleLanes(c, VectorConfig.LANES) >= threshold;
            assertEquals(pixels ? KERNEL.name() : channels.name(), channels.forChannels(c).name(), c + " channels");
        }
        assertEquals(List.of(channels.name(), KERNEL.name()), channels.members().stream().map(StemConvPoolKernel::name).toList());
    }

    @Test
    void namedForItsTileAndWidth() {
        assertTrue(KERNEL.name().startsWith("f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector"), KERNEL.name());
    }
}
