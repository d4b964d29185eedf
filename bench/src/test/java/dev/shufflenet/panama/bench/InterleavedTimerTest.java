package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterleavedTimerTest {

    /** Sleeps a fixed time per call and logs its name, so budgets and turns are visible. */
    private static final class Sleeper implements Contender {
        private final String name;
        private final long sleepMillis;
        private final List<String> log;

        Sleeper(String name, long sleepMillis, List<String> log) {
            this.name = name;
            this.sleepMillis = sleepMillis;
            this.log = log;
        }

        @Override public String engine() { return name; }
        @Override public String backend() { return "test"; }
        @Override public void runOnce() throws InterruptedException {
            log.add(name);
            Thread.sleep(sleepMillis);
        }
        @Override public float[] lastOutput() { return new float[0]; }
        @Override public void close() { }
    }

    @Test
    void turnsGoAbThenBa() {
        assertEquals(List.of(0, 1, 2), List.of(InterleavedTimer.turn(0, 0, 3), InterleavedTimer.turn(0, 1, 3),
                InterleavedTimer.turn(0, 2, 3)));
        assertEquals(List.of(2, 1, 0), List.of(InterleavedTimer.turn(1, 0, 3), InterleavedTimer.turn(1, 1, 3),
                InterleavedTimer.turn(1, 2, 3)));
    }

    @Test
    void eachEngineGetsItsBudgetInSeveralTurns() throws Exception {
        List<String> calls = new ArrayList<>();
        List<Contender> cs = List.of(new Sleeper("A", 2, calls), new Sleeper("B", 5, calls));
        // Ten turns per engine: a loaded machine may stretch a 5 ms sleep several times over and still leave
        // each engine three turns or more.
        long budgetMs = 200;
        TimingSamples[] samples = InterleavedTimer.run(cs, budgetMs * 1_000_000L, 20_000_000L);
        for (TimingSamples s : samples) {
            LatencyStats st = s.stats();
            double spentMs = st.meanMs() * st.count();
            assertTrue(spentMs >= budgetMs, "ran " + spentMs + " ms of a " + budgetMs + " ms budget");
        }
        // The engines took turns: the call log switches engine at least 3 times (A, B, A, B...).
        int switches = 0;
        for (int i = 1; i < calls.size(); i++) if (!calls.get(i).equals(calls.get(i - 1))) switches++;
        assertTrue(switches >= 3, "engines should alternate in 20 ms turns: " + calls);
        assertEquals(samples[0].count() + samples[1].count(), calls.size());
    }

    @Test
    void zeroBudgetRunsNothing() throws Exception {
        List<String> calls = new ArrayList<>();
        TimingSamples[] s = InterleavedTimer.run(List.of(new Sleeper("A", 1, calls)), 0, 1_000_000L);
        assertEquals(0, s[0].count());
        assertTrue(calls.isEmpty());
    }
}
