package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Percentiles over all rounds, and the rounds' spread deciding stability. */
class RoundedTimingTest {

    @Test
    void percentilesAreNearestRankOverAllRounds() {
        List<long[]> rounds = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            long[] round = new long[25];
            for (int i = 0; i < 25; i++) round[i] = (r * 25 + i + 1) * 1_000_000L; // 1 .. 100 ms over the rounds
            rounds.add(round);
        }
        RoundedTiming t = RoundedTiming.of("panama", "auto", rounds, 2, true);
        assertEquals(100, t.calls());
        assertEquals(50.5, t.medianMs(), 1e-9);
        assertEquals(90, t.p90Ms(), 1e-9);
        assertEquals(99, t.p99Ms(), 1e-9);
        assertEquals(100, t.maxMs(), 1e-9);
        assertEquals(List.of(13.0, 38.0, 63.0, 88.0), t.roundMediansMs());
        assertFalse(t.stable(), "round medians 13 .. 88 ms are far apart: cv " + t.cv());
    }

    @Test
    void agreeingRoundsAreStableOnlyIfWarmUpSettled() {
        List<long[]> rounds = List.of(new long[] {10_000_000, 10_100_000}, new long[] {10_050_000, 10_000_000},
                new long[] {10_020_000, 10_080_000});
        RoundedTiming settled = RoundedTiming.of("onnxruntime", "cpu", rounds, 3, true);
        assertTrue(settled.cv() < 0.01 && settled.stable(), "cv " + settled.cv());
        assertFalse(RoundedTiming.of("onnxruntime", "cpu", rounds, 10, false).stable());
        assertEquals(2 * 1000.0 / settled.medianMs(), settled.imagesPerSecond(2), 1e-9);
    }
}
