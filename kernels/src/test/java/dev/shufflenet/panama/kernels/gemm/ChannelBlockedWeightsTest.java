package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.ArrayAlignment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelBlockedWeightsTest {
    @Test
    void groupsStartAfterTheCacheLinePadAndKeepWholeLines() {
        int lanes = 16, k = 24, m = 7 * lanes - 3; // groups of 4, 2 and 1 vectors, the last partial
        float[] weight = new float[m * k];
        for (int i = 0; i < weight.length; i++) weight[i] = i + 1;
        ChannelBlockedWeights w = ChannelBlockedWeights.pack("t", weight, null, m, k, lanes, 4, false);
        int pad = ArrayAlignment.padFloats();
        assertEquals(pad, w.groupOffset[0]);
        for (int g = 1; g < w.groupOffset.length; g++)
            assertEquals(0, (w.groupOffset[g] - pad) % lanes, "group " + g + " starts on a whole vector after the pad");
        for (int i = 0; i < pad; i++) assertEquals(0f, w.data[i], "the pad is never read or written: zeros");
        // Row k of group 0 holds w[m][k] for its channels.
        assertEquals(weight[3 * k + 5], w.data[pad + (1 + 5) * 4 * lanes + 3]);
        assertEquals(pad + (long) 7 * lanes * (1 + k), w.data.length);
    }
}
