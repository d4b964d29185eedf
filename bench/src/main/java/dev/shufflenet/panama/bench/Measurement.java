package dev.shufflenet.panama.bench;

/**
 * One engine's timing for one (model, batch, threads).
 *
 * @param ratioVsOrt    our images/s over ONNX Runtime's (null on ORT's own row, or without ORT)
 * @param agreement     our logits against ORT's on the same input (null without ORT)
 * @param warmupCalls   calls spent warming up before timing started
 * @param speedupVsFewestThreads with {@code bench --scaling}: this engine's images/s over its own at the
 *                      fewest threads measured, timed in the same alternating run (null otherwise)
 * @param stability     cv of the timed rounds and whether the timing is stable, by the paper report's rule
 *                      ({@link RoundStability}); null where a caller timed without rounds
 */
public record Measurement(String model, String engine, String backend, int batch, int threads, int height, int width,
                          LatencyStats stats, int warmupCalls, Double ratioVsOrt, LogitAgreement agreement,
                          Double speedupVsFewestThreads, RoundStability stability) {

    public Measurement(String model, String engine, String backend, int batch, int threads, int height, int width,
                       LatencyStats stats, int warmupCalls, Double ratioVsOrt, LogitAgreement agreement,
                       Double speedupVsFewestThreads) {
        this(model, engine, backend, batch, threads, height, width, stats, warmupCalls, ratioVsOrt, agreement,
                speedupVsFewestThreads, null);
    }

    public Measurement(String model, String engine, String backend, int batch, int threads, int height, int width,
                       LatencyStats stats, int warmupCalls, Double ratioVsOrt, LogitAgreement agreement) {
        this(model, engine, backend, batch, threads, height, width, stats, warmupCalls, ratioVsOrt, agreement, null);
    }

    public double imagesPerSecond() { return stats.imagesPerSecond(batch); }

    Measurement withComparison(double ratio, LogitAgreement a) {
        return new Measurement(model, engine, backend, batch, threads, height, width, stats, warmupCalls, ratio, a,
                speedupVsFewestThreads, stability);
    }

    Measurement withSpeedup(double speedup) {
        return new Measurement(model, engine, backend, batch, threads, height, width, stats, warmupCalls, ratioVsOrt,
                agreement, speedup, stability);
    }
}
