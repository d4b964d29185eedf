package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.check.ChannelShuffleCheck;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered shuffle kernel through {@link ChannelShuffleCheck} (bit for bit against the logical NCHW
 * definition: reshape to [g][C/g], transpose to [C/g][g], flatten), and the argument checks.
 */
class ChannelShuffleTest {
    @Test
    void shuffleMatchesReshapeTranspose() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(11);
            for (int[] cg : ChannelShuffleCheck.channelsAndGroups())
                ChannelShuffleCheck.checkShuffle(set.shuffle(), rnd, cg[0], cg[1]);
        }
    }

    @Test
    void concatShuffleSplitMatchesConcatThenShuffleThenSplit() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(12);
            for (int half : ChannelShuffleCheck.halves()) ChannelShuffleCheck.checkConcatShuffleSplit(set.shuffle(), rnd, half);
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            ChannelShuffleKernel k = set.shuffle();
            float[] in = new float[10 * 4], out = new float[10 * 4];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.shuffle(10, 3, in, 0, 10, out, 0, 10, 0, 4));
            assertTrue(e.getMessage().contains("10") && e.getMessage().contains("3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.shuffle(10, 2, in, 0, 10, new float[39], 0, 10, 0, 4));
            assertTrue(e.getMessage().contains("40") && e.getMessage().contains("39"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.concatShuffleSplit(5, in, 0, 4, in, 5, 10, out, 0, 10, out, 5, 10, 0, 4));
            assertTrue(e.getMessage().contains("pixelStride 4"), e.getMessage());
        }
    }
}
