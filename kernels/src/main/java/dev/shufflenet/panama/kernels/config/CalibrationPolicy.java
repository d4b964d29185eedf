package dev.shufflenet.panama.kernels.config;

/**
 * How the GEMM calibration times its candidates (see {@code tuning.Calibration}).
 *
 * @param millisPerCandidate time per candidate and shape; {@code -Dshufflenet.calibration.millis} overrides
 * @param rounds             interleaved timing rounds; the median round decides
 * @param margin             how much faster (0.05 = 5%) a later candidate must be to displace an earlier one
 * @param warmUpMillis       minimum warm-up of the first shape timed in a JVM;
 *                           {@code -Dshufflenet.calibration.warmup.millis} overrides
 * @param minWarmCalls       calls before a candidate's speed may be declared stable
 * @param warmBudgets        time budgets (of millisPerCandidate) a candidate warms at least
 * @param maxWarmBudgets     time budgets after which warming stops even if still improving
 * @param settledGain        a window of calls less than this much faster (0.03 = 3%) than the best so far is stable
 */
public record CalibrationPolicy(long millisPerCandidate, int rounds, double margin, long warmUpMillis,
                                int minWarmCalls, int warmBudgets, int maxWarmBudgets, double settledGain) {
    public CalibrationPolicy {
        if (millisPerCandidate <= 0 || rounds <= 0 || margin < 0 || warmUpMillis < 0 || minWarmCalls < 0
                || warmBudgets <= 0 || maxWarmBudgets < warmBudgets || settledGain < 0)
            throw new IllegalArgumentException("inconsistent calibration policy: " + millisPerCandidate + " ms, "
                    + rounds + " rounds, margin " + margin + ", warm-up " + warmUpMillis + " ms, " + minWarmCalls
                    + " calls, " + warmBudgets + ".." + maxWarmBudgets + " budgets, gain " + settledGain);
    }
}
