package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.Backend;

import java.util.List;

/**
 * What to measure: every combination of models x batches x thread counts, each timed for {@code seconds}
 * per engine after {@code warmupSeconds} per engine, both spent in alternating blocks.
 *
 * @param models     built-in names ("v2-1.0") or ONNX file paths
 * @param backends   this runtime's GEMM backends to time, each a contender of its own in the same alternating
 *                   run (so that "java against openblas" is a ratio from one run, as the engines are)
 * @param seed       seed of the random input (uniform in [-1, 1), about the range of normalized images)
 * @param scaling    time all thread counts of a (model, batch) in one alternating run, both engines, and
 *                   report each engine's speedup over its fewest-threads time (a ratio from one run)
 */
public record BenchSettings(List<String> models, List<Integer> batches, List<Integer> threads,
                            List<Backend> backends, int height, int width, double warmupSeconds, double seconds, long seed,
                            boolean scaling) {

    public BenchSettings(List<String> models, List<Integer> batches, List<Integer> threads, Backend backend,
                         int height, int width, double warmupSeconds, double seconds, long seed) {
        this(models, batches, threads, List.of(backend), height, width, warmupSeconds, seconds, seed, false);
    }

    /** The backends as the header prints them: "auto", or "java, openblas" for a comparison. */
    public String backendNames() {
        return String.join(", ", backends.stream().map(b -> b.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    public static final List<String> DEFAULT_MODELS = List.of("v2-0.5", "v2-1.0", "v2-1.5", "v2-2.0");

    public BenchSettings {
        models = List.copyOf(models);
        batches = List.copyOf(batches);
        threads = List.copyOf(threads);
        backends = List.copyOf(backends);
        if (models.isEmpty() || batches.isEmpty() || threads.isEmpty() || backends.isEmpty())
            throw new IllegalArgumentException("need at least one model, batch, thread count and backend; found "
                    + models + ", " + batches + ", " + threads + ", " + backends);
        if (new java.util.HashSet<>(backends).size() != backends.size())
            throw new IllegalArgumentException("each backend once, found " + backends);
        for (int b : batches) if (b <= 0) throw new IllegalArgumentException("batch sizes must be positive, found " + b);
        for (int t : threads) if (t <= 0) throw new IllegalArgumentException("thread counts must be positive, found " + t);
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("input size must be positive, found " + height + "x" + width);
        if (!(warmupSeconds >= 0)) throw new IllegalArgumentException("warm-up seconds must be >= 0, found " + warmupSeconds);
        if (!(seconds > 0)) throw new IllegalArgumentException("measurement seconds must be > 0, found " + seconds);
    }

    /**
     * Length of one engine's turn before the other gets the CPU: short enough that both engines see the
     * same slow phases of a shared machine, long enough that each turn is many calls with warm caches.
     */
    public double blockSeconds() {
        return Math.max(0.02, Math.min(0.25, seconds / 10));
    }
}
