package dev.shufflenet.panama.bench;

import java.util.List;

/**
 * Gives several engines the machine in turns ("blocks") until each has had its time budget, timing
 * every call. Interleaving is what makes the comparison fair on a shared, noisy machine: a slow phase
 * (another tenant, a frequency drop) lands on both engines instead of on whichever ran during it.
 * Turns go A B, B A, A B, ... so neither engine always runs right after the other one.
 */
final class InterleavedTimer {
    private InterleavedTimer() {}

    /** Per contender, in the order given: the durations of its calls. */
    static TimingSamples[] run(List<Contender> contenders, long budgetNanos, long blockNanos) throws Exception {
        int n = contenders.size();
        TimingSamples[] samples = new TimingSamples[n];
        for (int i = 0; i < n; i++) samples[i] = new TimingSamples();
        long[] spent = new long[n];
        for (int round = 0; ; round++) {
            boolean anyRan = false;
            for (int j = 0; j < n; j++) {
                int i = turn(round, j, n);
                if (spent[i] >= budgetNanos) continue;
                anyRan = true;
                spent[i] += runBlock(contenders.get(i), samples[i], Math.min(blockNanos, budgetNanos - spent[i]));
            }
            if (!anyRan) return samples;
        }
    }

    /** Which contender takes the j-th turn of a round: 0..n-1 in even rounds, n-1..0 in odd ones. */
    static int turn(int round, int j, int n) {
        return round % 2 == 0 ? j : n - 1 - j;
    }

    /** Calls the contender back to back for about {@code blockNanos} (at least once); returns the time it took. */
    private static long runBlock(Contender c, TimingSamples samples, long blockNanos) throws Exception {
        long start = System.nanoTime();
        long end = start + blockNanos;
        long t0 = start;
        long t1;
        do {
            c.runOnce();
            t1 = System.nanoTime();
            samples.add(t1 - t0);
            t0 = t1;
        } while (t1 < end);
        return t1 - start;
    }
}
