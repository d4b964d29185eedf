package dev.shufflenet.panama.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChannelRunsTest {

    @Test
    void sortedFromMergesNeighboursAndRecordsTheColumnOrder() {
        // Columns 0..5 read channels 7, 0, 8, 1, 20, 2: runs 0..2, 7..8, 20.
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(new int[] {7, 0, 8, 1, 20, 2});
        assertArrayEquals(new int[] {0, 3, 7, 2, 20, 1}, sorted.runs().pairs());
        assertArrayEquals(new int[] {1, 3, 5, 0, 2, 4}, sorted.columnOrder());
        assertEquals(6, sorted.runs().channels());
        assertEquals(21, sorted.runs().end());
        assertEquals(3, sorted.runs().runCount());
        assertEquals("[0..2, 7..8, 20..20]", sorted.runs().toString());
    }

    @Test
    void reorderColumnsFollowsTheRuns() {
        ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(new int[] {5, 1, 3});
        // Two rows of columns (a, b, c) read channels (5, 1, 3): in channel order that is b, c, a.
        float[] m = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {2, 3, 1, 5, 6, 4}, sorted.reorderColumns(m, 2));
        assertThrows(IllegalArgumentException.class, () -> sorted.reorderColumns(new float[5], 2));
    }

    /** The 3-group shuffle of 60 channels: each conv group of 20 reads 3 runs (7, 7 and 6 channels). */
    @Test
    void aShuffleOfThreeGroupsGivesThreeRunsPerGroup() {
        int groups = 3, channels = 60, per = channels / groups;
        for (int g = 0; g < groups; g++) {
            int[] positions = new int[per];
            for (int t = 0; t < per; t++) {
                int s = g * per + t;
                positions[t] = (s % groups) * per + s / groups;
            }
            ChannelRuns runs = ChannelRuns.sortedFrom(positions).runs();
            assertEquals(3, runs.runCount(), "group " + g + ": " + runs);
            assertEquals(per, runs.channels());
        }
    }

    @Test
    void contiguousIsOneRunFromZero() {
        ChannelRuns runs = ChannelRuns.contiguous(24);
        assertTrue(runs.isContiguousFromZero());
        assertEquals(24, runs.channels());
        assertFalse(ChannelRuns.of(1, 23).isContiguousFromZero());
        assertEquals(ChannelRuns.of(0, 24), runs);
    }

    @Test
    void badRunsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelRuns.of(0, 3, 5));
        assertTrue(e.getMessage().contains("(start, length) pairs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelRuns.of(0, 3, -1, 2));
        assertTrue(e.getMessage().contains("run 1 is [-1, +2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelRuns.of(4, 0));
        assertTrue(e.getMessage().contains("lengths > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelRuns.sortedFrom(new int[] {3, 1, 3}));
        assertTrue(e.getMessage().contains("both read channel 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelRuns.sortedFrom(new int[0]));
    }
}
