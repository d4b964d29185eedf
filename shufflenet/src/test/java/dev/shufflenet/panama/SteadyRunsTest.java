package dev.shufflenet.panama;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SteadyRuns settles once a window's median is within 10% of the window before it, and not sooner. */
class SteadyRunsTest {
    @Test
    void constantTimesSettleAfterTwoWindows() {
        SteadyRuns s = new SteadyRuns();
        for (int i = 1; i < 2 * SteadyRuns.WINDOW; i++) assertFalse(s.add(1000), "run " + i);
        assertTrue(s.add(1000));
    }

    @Test
    void fallingTimesDoNotSettleUntilTheyStop() {
        SteadyRuns s = new SteadyRuns();
        long t = 1_000_000;
        for (int i = 0; i < 64; i++) {
            assertFalse(s.add(t), "run " + i + " at " + t);
            t = t * 95 / 100; // 5% faster each run: a window is 34% faster than the one before
        }
        int more = 0;
        while (!s.add(t)) more++;
        assertTrue(more < 2 * SteadyRuns.WINDOW, "settles within two windows of the plateau, took " + more);
    }

    @Test
    void onePreemptedRunDoesNotDecide() {
        SteadyRuns s = new SteadyRuns();
        for (int i = 0; i < 2 * SteadyRuns.WINDOW - 1; i++) s.add(i == 3 ? 50_000 : 1000);
        assertTrue(s.add(1000), "a single slow run in the older window must not keep it from settling");
        SteadyRuns r = new SteadyRuns();
        for (int i = 0; i < SteadyRuns.WINDOW; i++) r.add(2000);
        boolean settled = false;
        for (int i = 0; i < SteadyRuns.WINDOW; i++) settled = r.add(i == 2 ? 10 : 1000);
        assertFalse(settled, "the newer window halved: not settled, whatever one fast run says");
    }
}
