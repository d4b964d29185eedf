package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyStatsTest {
    private static final long MS = 1_000_000;

    @Test
    void medianAndNearestRankP90OfKnownTimings() {
        // 1..10 ms shuffled: median (5 + 6) / 2 = 5.5; p90 nearest rank = the 9th smallest = 9.
        long[] t = {7 * MS, 2 * MS, 10 * MS, 1 * MS, 9 * MS, 4 * MS, 3 * MS, 8 * MS, 6 * MS, 5 * MS};
        LatencyStats s = LatencyStats.of(t, t.length);
        assertEquals(5.5, s.medianMs(), 1e-12);
        assertEquals(9.0, s.p90Ms(), 1e-12);
        assertEquals(1.0, s.minMs(), 1e-12);
        assertEquals(5.5, s.meanMs(), 1e-12);
        assertEquals(10, s.count());
        assertEquals(8 * 1000 / 5.5, s.imagesPerSecond(8), 1e-9);
    }

    @Test
    void oddCountAndPrefixOnly() {
        long[] t = {3 * MS, 1 * MS, 2 * MS, 999 * MS};
        LatencyStats s = LatencyStats.of(t, 3); // the 999 ms entry is past the count: unused capacity
        assertEquals(2.0, s.medianMs(), 1e-12);
        assertEquals(3.0, s.p90Ms(), 1e-12); // ceil(2.7) = 3rd smallest
        assertEquals(1.0, LatencyStats.of(new long[] {MS}, 1).p90Ms(), 1e-12);
    }

    @Test
    void refusesEmptyOrOverlongCounts() {
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[4], 0));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[4], 5));
    }
}
