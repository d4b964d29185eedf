package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SteadyPoint finds where JIT-falling run times reach their plateau, not fooled by one fast or slow run. */
class SteadyPointTest {
    @Test
    void aSeriesThatFallsThenHoldsIsSteadyWhereItStopsFalling() {
        double[] t = new double[60];
        for (int i = 0; i < t.length; i++) t[i] = i < 20 ? 1000.0 / (i + 1) : 10; // 1000, 500, ... then 10 from run 20
        t[5] = 9; // one lucky early run (an inference cut short by nothing) must not count
        assertEquals(10, SteadyPoint.steady(t));
        // The plateau begins at run 20; a run's median of 9 neighbours (4 either side) is within 10% of the
        // plateau once five of them are on it: first at run 20 (runs 16-19 still take 50-59).
        int first = SteadyPoint.firstSteady(t);
        assertEquals(20, first, "first steady run");
    }

    @Test
    void aSteadySeriesIsSteadyFromItsFirstRun() {
        double[] t = {12, 10, 11, 10, 10, 35, 10, 11, 10, 10, 10, 10};
        assertEquals(0, SteadyPoint.firstSteady(t));
    }
}
