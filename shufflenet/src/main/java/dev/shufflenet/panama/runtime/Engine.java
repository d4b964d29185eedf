package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.StepTime;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.parallel.WorkerTeam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A planned model ready to run: the plan, the executor and a pool of per-call contexts (workspaces).
 * Thread-safe: concurrent calls each take their own context; a context is created the first time
 * the pool is empty and reused ever after, so steady-state calls allocate nothing
 * ({@code CompiledModelAllocationTest} checks it).
 *
 * <p>Internal: {@link dev.shufflenet.panama.CompiledModel} is the one entry point and the only caller.
 * This class is public only because Java has no friend access between packages; nothing it returns is a
 * runtime type (steps and profiles come back as {@link PlanStep} and {@link StepTime}).
 */
public final class Engine implements AutoCloseable {
    /** The most floats a Java array holds on common JVMs (a little under Integer.MAX_VALUE): a workspace's limit. */
    public static final long MAX_ARRAY_FLOATS = Integer.MAX_VALUE - 64;

    private final Plan plan;
    private final Executor executor;
    private final int maxBatch;
    /** Slots for the contexts of concurrent callers: twice the cores, at least 8, covers any sane caller pool. */
    private final ContextPool<Executor.Context> contexts;

    public Engine(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width, int maxBatch,
                  int threads, WorkerTeam team) {
        this.plan = Planner.plan(graph, kernels, pointwise, height, width, threads);
        // Refused here, at compile time, rather than on the first run that creates a context.
        long workspace = plan.floatsPerImage() * maxBatch;
        if (workspace > MAX_ARRAY_FLOATS)
            throw new IllegalArgumentException("input size " + height + "x" + width + " with maxBatch " + maxBatch
                    + " needs a workspace of " + workspace + " floats = " + workspace * Float.BYTES + " bytes per call,"
                    + " over the limit of " + MAX_ARRAY_FLOATS + " floats = " + MAX_ARRAY_FLOATS * Float.BYTES
                    + " bytes (one Java float array); compile with a smaller size or maxBatch");
        this.executor = new Executor(plan, threads, team);
        this.maxBatch = maxBatch;
        this.contexts = new ContextPool<>(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()),
                () -> executor.newContext(maxBatch));
    }

    public void run(float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        if (batch <= 0 || batch > maxBatch)
            throw new IllegalArgumentException("batch " + batch + " is outside [1, " + maxBatch
                    + "], the maxBatch this model was compiled for");
        long inNeed = inputOffset + (long) batch * plan.inputPerImage();
        if (input == null || inputOffset < 0 || inNeed > input.length)
            throw new IllegalArgumentException("input must hold " + batch + " x " + plan.inputChannels() + " x "
                    + plan.height() + " x " + plan.width() + " floats from offset " + inputOffset + " (" + inNeed
                    + " in all), found " + (input == null ? "null" : input.length));
        long outNeed = outputOffset + (long) batch * plan.outputPerImage();
        if (output == null || outputOffset < 0 || outNeed > output.length)
            throw new IllegalArgumentException("output must hold " + batch + " x " + plan.outputPerImage()
                    + " floats from offset " + outputOffset + " (" + outNeed + " in all), found "
                    + (output == null ? "null" : output.length));
        Executor.Context ctx = contexts.take();
        try {
            executor.run(ctx, input, inputOffset, batch, output, outputOffset);
        } finally {
            contexts.give(ctx);
        }
    }

    public int inputChannels() { return plan.inputChannels(); }
    public int height() { return plan.height(); }
    public int width() { return plan.width(); }
    public int maxBatch() { return maxBatch; }
    public int threads() { return executor.threads(); }
    public int outputPerImage() { return plan.outputPerImage(); }

    /** Output shape for a batch, e.g. [N, 1000]. */
    public int[] outputShape(int batch) {
        int[] s = plan.outputShape().clone();
        s[0] = batch;
        return s;
    }

    /** Workspace bytes for one image of capacity (multiply by the batch capacity). */
    public long workspaceBytesPerImage() { return plan.floatsPerImage() * Float.BYTES; }

    /** Lower bound of {@link #workspaceBytesPerImage()}: the most bytes alive at any one step. */
    public long peakLiveBytesPerImage() { return plan.peakLiveFloatsPerImage() * Float.BYTES; }

    /** What the plan runs, one entry per step. */
    public List<PlanStep> steps() {
        List<PlanStep> out = new ArrayList<>();
        for (Step s : plan.steps()) out.add(StepDescriptions.describe(s));
        return List.copyOf(out);
    }

    /**
     * Median time of each step over {@code repetitions} single-threaded runs of one batch, in ns.
     * Times every step on its own (single thread, this call's workspace) for a per-layer profile. Not
     * for benchmarks of the whole model: the timer calls add overhead between steps.
     */
    public List<StepTime> profile(float[] input, int batch, int repetitions) {
        if (repetitions <= 0) throw new IllegalArgumentException("repetitions must be positive, found " + repetitions);
        Executor.Context ctx = executor.newContext(Math.max(batch, 1));
        Workspace ws = ctx.whole;
        ws.input = input;
        ws.inputOffset = 0;
        ws.output = new float[Math.toIntExact((long) batch * plan.outputPerImage())];
        ws.outputOffset = 0;
        ws.batch = batch;
        List<Step> steps = plan.steps();
        long[][] times = new long[steps.size()][repetitions];
        for (int r = 0; r < repetitions; r++) {
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                long t0 = System.nanoTime();
                s.run(ws, 0, s.units(batch));
                times[i][r] = System.nanoTime() - t0;
            }
        }
        List<StepTime> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Arrays.sort(times[i]);
            out.add(new StepTime(StepDescriptions.describe(steps.get(i)), times[i][repetitions / 2]));
        }
        return List.copyOf(out);
    }

    @Override public void close() { executor.close(); }
}
