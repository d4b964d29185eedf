package dev.shufflenet.panama.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One engine's timing of one cell measured in rounds (engines taking turns within every round): latency
 * percentiles over all timed calls, and how much the rounds' medians disagree.
 *
 * @param roundMediansMs  the median call of each timed round
 * @param cv              standard deviation over mean of {@code roundMediansMs}
 * @param warmupRounds    rounds spent before the per-round median settled (or the warm-up limit was reached)
 * @param warmupSettled   whether the last two warm-up rounds' medians agreed within the settle threshold
 * @param stable          warm-up settled and cv at most {@link RoundStability#STABLE_CV} (see {@link RoundStability})
 */
public record RoundedTiming(String engine, String backend, int calls, double medianMs, double p90Ms, double p99Ms,
                            double maxMs, List<Double> roundMediansMs, double cv, int warmupRounds,
                            boolean warmupSettled, boolean stable) {

    public double imagesPerSecond(int batch) { return batch * 1000.0 / medianMs; }

    static RoundedTiming of(String engine, String backend, List<long[]> rounds, int warmupRounds, boolean settled) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        RoundStability s = RoundStability.of(rounds, settled);
        return new RoundedTiming(engine, backend, all.length, median(all) / 1e6, rank(all, 0.90) / 1e6,
                rank(all, 0.99) / 1e6, all[all.length - 1] / 1e6, s.roundMediansMs(), s.cv(), warmupRounds, settled,
                s.stable());
    }

    /** Median of unsorted durations. */
    static double median(long[] nanos) {
        return RoundStability.median(nanos);
    }

    /** Nearest-rank percentile of sorted durations. */
    private static long rank(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
