package dev.shufflenet.panama.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Whether one engine's timing can be trusted, the same rule for {@code paper} and {@code bench}: the timing is
 * taken in rounds (engines taking turns within every round), and it is stable when the warm-up settled (two
 * consecutive warm-up rounds' medians within {@link #SETTLE}) and the timed rounds' medians agree (coefficient
 * of variation at most {@link #STABLE_CV}).
 *
 * @param roundMediansMs the median call of each timed round
 * @param cv             standard deviation over mean of {@code roundMediansMs}
 * @param warmupSettled  whether the last two warm-up rounds' medians agreed within {@link #SETTLE}
 * @param stable         warm-up settled and cv at most {@link #STABLE_CV}
 */
public record RoundStability(List<Double> roundMediansMs, double cv, boolean warmupSettled, boolean stable) {
    /** Largest relative change of an engine's round median between two warm-up rounds that counts as settled. */
    public static final double SETTLE = 0.05;
    /** Largest coefficient of variation of the timed rounds' medians of a stable timing. */
    public static final double STABLE_CV = 0.05;

    /** The stability of timed rounds (each round's call durations in ns) after a warm-up that did or did not settle. */
    public static RoundStability of(List<long[]> rounds, boolean settled) {
        double[] medians = rounds.stream().mapToDouble(r -> median(r) / 1e6).toArray();
        double mean = Arrays.stream(medians).average().orElseThrow();
        double var = Arrays.stream(medians).map(m -> (m - mean) * (m - mean)).sum() / medians.length;
        double cv = Math.sqrt(var) / mean;
        return new RoundStability(Arrays.stream(medians).boxed().toList(), cv, settled, settled && cv <= STABLE_CV);
    }

    /** Whether every engine's round median moved by at most {@link #SETTLE} of its previous one. */
    public static boolean settled(double[] previousMedians, double[] medians) {
        for (int i = 0; i < medians.length; i++)
            if (Math.abs(medians[i] - previousMedians[i]) > SETTLE * previousMedians[i]) return false;
        return true;
    }

    /** Median of unsorted durations. */
    static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
