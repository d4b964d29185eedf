package dev.shufflenet.panama;

import java.util.Arrays;

/**
 * Tells, run by run, when inference times have stopped falling: the median of the last {@link #WINDOW}
 * runs is within 10% of the median of the {@link #WINDOW} before them. The JIT makes times fall in steps
 * (interpreter, C1, C2 per kernel), so the rule compares two windows rather than neighbouring runs, and
 * medians rather than means so that one run preempted on a shared machine does not decide it.
 */
final class SteadyRuns {
    static final int WINDOW = 8;
    /** A window more than 10% faster than the one before means the JIT is still at work. */
    static final double SETTLED = 0.9;

    private final long[] last = new long[2 * WINDOW];
    private int count;

    /** Records one run's nanoseconds; true when the runs so far have settled. */
    boolean add(long nanos) {
        last[count % last.length] = nanos;
        count++;
        if (count < last.length) return false;
        long[] older = new long[WINDOW];
        long[] newer = new long[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            older[i] = last[(count + i) % last.length];          // the oldest WINDOW of the ring
            newer[i] = last[(count + WINDOW + i) % last.length]; // the latest WINDOW
        }
        return median(newer) >= SETTLED * median(older);
    }

    private static double median(long[] v) {
        Arrays.sort(v);
        return (v[WINDOW / 2 - 1] + v[WINDOW / 2]) / 2.0;
    }
}
