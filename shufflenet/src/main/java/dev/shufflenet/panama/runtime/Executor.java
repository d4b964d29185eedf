package dev.shufflenet.panama.runtime;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a plan's steps with one or more threads, on the JDK's {@link ForkJoinPool}.
 *
 * <p>Two ways to use T threads, chosen per call:
 * <ul>
 *   <li>batch >= T: image parallel. The batch is cut into T contiguous parts; each part runs the whole
 *       step list in its own workspace with no synchronisation between steps (best throughput).</li>
 *   <li>batch < T: intra-op. Every step's work units (pixels or rows) are cut into T ranges that run
 *       at once; the steps run one after the other.</li>
 * </ul>
 * The tasks are allocated once per {@link Context} and re-initialised, so a call allocates nothing.
 */
final class Executor implements AutoCloseable {
    private final Plan plan;
    /** The plan's steps as an array: a loop over it needs no iterator (the interpreter would allocate one). */
    private final Step[] steps;
    private final int threads;
    private final ForkJoinPool pool;

    Executor(Plan plan, int threads) {
        this.plan = plan;
        this.steps = plan.steps().toArray(new Step[0]);
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    int threads() { return threads; }

    /** Per-caller state: workspaces and reusable tasks. One context serves one call at a time. */
    final class Context {
        final Workspace whole;
        final Workspace[] parts;
        final RangeTask[] tasks;
        final ImageTask[] imageTasks;

        Context(int maxBatch) {
            this.whole = new Workspace(plan.floatsPerImage(), maxBatch);
            int perThread = (maxBatch + threads - 1) / threads;
            this.parts = new Workspace[threads > 1 && maxBatch >= threads ? threads : 0];
            for (int i = 0; i < parts.length; i++) parts[i] = new Workspace(plan.floatsPerImage(), perThread);
            this.tasks = new RangeTask[threads];
            this.imageTasks = new ImageTask[threads];
            for (int i = 0; i < threads; i++) {
                tasks[i] = new RangeTask();
                imageTasks[i] = new ImageTask();
            }
        }
    }

    Context newContext(int maxBatch) { return new Context(maxBatch); }

    void run(Context ctx, float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        if (threads == 1) {
            runSequential(steps, bind(ctx.whole, input, inputOffset, batch, output, outputOffset));
        } else if (batch >= threads && ctx.parts.length == threads) {
            runImageParallel(ctx, input, inputOffset, batch, output, outputOffset);
        } else {
            Workspace ws = bind(ctx.whole, input, inputOffset, batch, output, outputOffset);
            for (int i = 0; i < steps.length; i++) runStepParallel(ctx, steps[i], ws);
        }
    }

    private Workspace bind(Workspace ws, float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        ws.input = input;
        ws.inputOffset = inputOffset;
        ws.output = output;
        ws.outputOffset = outputOffset;
        ws.batch = batch;
        return ws;
    }

    private static void runSequential(Step[] steps, Workspace ws) {
        for (int i = 0; i < steps.length; i++) {
            Step s = steps[i];
            s.run(ws, 0, s.units(ws.batch));
        }
    }

    private void runImageParallel(Context ctx, float[] input, int inputOffset, int batch, float[] output,
                                  int outputOffset) {
        int inPer = plan.inputPerImage(), outPer = plan.outputPerImage();
        int begin = 0;
        for (int t = 0; t < threads; t++) {
            int count = batch / threads + (t < batch % threads ? 1 : 0);
            ImageTask task = ctx.imageTasks[t];
            task.reinitialize();
            task.steps = steps;
            task.ws = bind(ctx.parts[t], input, inputOffset + begin * inPer, count, output, outputOffset + begin * outPer);
            begin += count;
        }
        for (int t = 1; t < threads; t++) pool.execute(ctx.imageTasks[t]);
        ctx.imageTasks[0].invoke();
        for (int t = 1; t < threads; t++) ctx.imageTasks[t].join();
    }

    private void runStepParallel(Context ctx, Step s, Workspace ws) {
        int units = s.units(ws.batch);
        int parts = Math.min(threads, units);
        if (parts <= 1) {
            s.run(ws, 0, units);
            return;
        }
        int begin = 0;
        for (int t = 0; t < parts; t++) {
            int count = units / parts + (t < units % parts ? 1 : 0);
            RangeTask task = ctx.tasks[t];
            task.reinitialize();
            task.step = s;
            task.ws = ws;
            task.begin = begin;
            task.end = begin + count;
            begin += count;
        }
        for (int t = 1; t < parts; t++) pool.execute(ctx.tasks[t]);
        ctx.tasks[0].invoke();
        for (int t = 1; t < parts; t++) ctx.tasks[t].join();
    }

    @Override public void close() {
        if (pool != null) pool.shutdown();
    }

    /** Units [begin, end) of one step. */
    static final class RangeTask extends RecursiveAction {
        Step step;
        Workspace ws;
        int begin, end;

        @Override protected void compute() { step.run(ws, begin, end); }
    }

    /** A part of the batch through all steps. */
    static final class ImageTask extends RecursiveAction {
        Step[] steps;
        Workspace ws;

        @Override protected void compute() { runSequential(steps, ws); }
    }
}
