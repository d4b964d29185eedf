package dev.shufflenet.panama.bench;

import java.util.Arrays;

/**
 * Where a series of run times reaches its steady state, after the fact: the steady time is the median of
 * the last third of the runs; the steady stretch starts at the first run from which every later median
 * of {@value #SMOOTH} neighbouring runs stays within 10% of it. The medians of neighbours keep one run
 * preempted on a shared machine from deciding; on one thread the series is the measuring thread's CPU
 * time, which a preemption does not inflate at all.
 */
final class SteadyPoint {
    static final int SMOOTH = 5;
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
        int first = times.length - 1;
        for (int i = times.length - 1; i >= 0; i--) {
            int lo = Math.max(0, i - SMOOTH / 2);
            int hi = Math.min(times.length, lo + SMOOTH);
            lo = Math.max(0, hi - SMOOTH);
            if (median(Arrays.copyOfRange(times, lo, hi)) > limit) break;
            first = i;
        }
        return first;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
