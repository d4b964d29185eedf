package dev.shufflenet.panama.bench;

import java.util.Arrays;

/**
 * Where a series of run times reaches its steady state, after the fact: the steady time is the median of
 * the last third of the runs; the steady stretch starts at the first run whose median with its
 * neighbours ({@value #SMOOTH} runs centred on it) is within 10% of it. The JIT makes the times fall, so
 * the first such run is where C2's code has taken over; the median of neighbours keeps one lucky run
 * from deciding. (Asking that every later run stay within 10% would, on a shared machine, put the steady
 * point near the end of any series: a loaded 2-core VM moves even ONNX Runtime's native runs by more.)
 * On one thread the series is the measuring thread's CPU time, which a preemption does not inflate.
 */
final class SteadyPoint {
    static final int SMOOTH = 9;
    static final double WITHIN = 1.10;

    private SteadyPoint() {}

    /** The median of the last third of {@code times} (at least one run). */
    static double steady(double[] times) {
        int from = times.length - Math.max(1, times.length / 3);
        return median(Arrays.copyOfRange(times, from, times.length));
    }

    /** The index of the first run of the steady stretch of {@code times} (0-based). */
    static int firstSteady(double[] times) {
        double limit = WITHIN * steady(times);
        for (int i = 0; i < times.length; i++) {
            int lo = Math.max(0, i - SMOOTH / 2);
            int hi = Math.min(times.length, lo + SMOOTH);
            lo = Math.max(0, hi - SMOOTH);
            if (median(Arrays.copyOfRange(times, lo, hi)) <= limit) return i;
        }
        return times.length - 1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
