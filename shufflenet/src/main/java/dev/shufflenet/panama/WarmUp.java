package dev.shufflenet.panama;

import java.time.Duration;

/**
 * Runs inside {@link CompiledModel#compile}, on the compiling thread, before it returns: up to
 * {@code maxRuns} inferences on a fixed synthetic input (at least one), stopping earlier when
 * {@code maxTime} has passed (checked after each run) or when the run times have settled ({@link SteadyRuns}).
 * Its purpose is the JIT: the Vector API kernels run 100-1000x slower until C2 has compiled them, which
 * takes seconds of calls; a warm-up moves that cost from the first requests into {@code compile}. It changes no result
 * (every run overwrites what the previous one left), only when the time is spent.
 *
 * <p>{@link #NONE} (the default of {@link CompileOptions#defaults()}) runs nothing. Measured in fresh JVMs
 * (docs/measurements.md, "First inference"), a warm-up makes the first logits come later (compile lasts
 * until its bound) and fast inference come sooner: a program that needs its first answer soonest should
 * not ask for it, a service that compiles before it takes traffic should ask for {@link #untilSteady()}.
 */
public record WarmUp(int maxRuns, Duration maxTime) {
    /** No warm-up: compile returns as soon as the model is planned. */
    public static final WarmUp NONE = new WarmUp(0, Duration.ZERO);

    /**
     * The bounds of {@link #untilSteady()}: C2 needs some tens of v2 runs at 224 x 224; 10 s bounds what a
     * compile may cost where the machine is too busy to get there (docs/measurements.md, "First inference").
     */
    public static final int DEFAULT_MAX_RUNS = 1000;
    public static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(10);

    public WarmUp {
        if (maxRuns < 0) throw new IllegalArgumentException("warm-up maxRuns must be >= 0, found " + maxRuns);
        if (maxTime == null) throw new IllegalArgumentException("warm-up maxTime must not be null");
        if (maxTime.isNegative()) throw new IllegalArgumentException("warm-up maxTime must be >= 0, found " + maxTime);
        if (maxRuns > 0 && maxTime.isZero())
            throw new IllegalArgumentException("warm-up of " + maxRuns + " runs needs a positive maxTime, found 0");
    }

    /** Runs until the run times settle, at most {@link #DEFAULT_MAX_RUNS} runs and {@link #DEFAULT_MAX_TIME}. */
    public static WarmUp untilSteady() { return new WarmUp(DEFAULT_MAX_RUNS, DEFAULT_MAX_TIME); }

    /** Runs until the run times settle, at most {@code maxRuns} runs and {@code maxTime}. */
    public static WarmUp upTo(int maxRuns, Duration maxTime) { return new WarmUp(maxRuns, maxTime); }

    /** Whether compile runs anything. */
    public boolean enabled() { return maxRuns > 0; }

    /**
     * What a warm-up did: its runs, their total time (wall clock, on the compiling thread) and whether it
     * stopped because the run times had settled (rather than at a bound).
     */
    public record Report(int runs, Duration time, boolean steady) {
        public static final Report NONE = new Report(0, Duration.ZERO, false);
    }
}
