package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.parallel.WorkerTeam;


/**
 * Runs a plan's steps on the calling thread and, with more than one thread, a {@link WorkerTeam}.
 *
 * <p>Two ways to use T threads, chosen per call:
 * <ul>
 *   <li>batch >= T: image parallel. The batch is cut into T contiguous parts; each part runs the whole
 *       step list in its own workspace with no synchronisation between steps (best throughput).</li>
 *   <li>batch < T: intra-op, by the {@link Schedule} for that batch: steps grouped into parallel regions
 *       (one barrier each) whose participants each run their own range of every step's units, and small
 *       steps run by the caller alone.</li>
 * </ul>
 * A call that finds the team busy (another caller holds it) runs on its own thread: concurrent callers
 * never use more threads than the team has. Nothing is allocated per call.
 */
final class Executor implements AutoCloseable {
    /**
     * Least work (multiply-add equivalents) per participant before a step that needs a barrier is split.
     * A barrier costs about a microsecond with spinning workers (WorkerTeamBenchmark), the time of about
     * 50K multiply-adds at this library's GEMM speed; MLAS uses 64K per thread too.
     */
    static final long DEFAULT_MIN_COST = 64 * 1024;

    /** System property: tiles per participant in a parallel region (1 = a fixed range per thread). */
    static final String TILES_PROPERTY = "shufflenet.schedule.tilesPerThread";
    /**
     * Default tiles per participant: one, a fixed range per thread. Four tiles per thread measured level with
     * one on this project's 2-core VM with a busy second core (docs/measurements.md, "Threads"), and were not
     * measured on free cores, so the default stays what was measured there; the property keeps both.
     */
    static final int DEFAULT_TILES_PER_THREAD = 1;

    private final Plan plan;
    /** The plan's steps as an array: a loop over it needs no iterator (the interpreter would allocate one). */
    private final Step[] steps;
    private final int threads;
    private final WorkerTeam team;
    private final boolean ownsTeam;
    /** Per batch size below the thread count: the intra-op schedule (index = batch). */
    private final Schedule[] schedules;

    Executor(Plan plan, int threads, WorkerTeam team) {
        this.plan = plan;
        this.steps = plan.steps().toArray(new Step[0]);
        this.threads = threads;
        if (threads > 1 && team == null) {
            this.team = new WorkerTeam(threads);
            this.ownsTeam = true;
        } else {
            if (team != null && team.threads() < threads)
                throw new IllegalArgumentException("a team of " + team.threads() + " threads cannot run a model"
                        + " compiled for " + threads + " threads");
            this.team = threads > 1 ? team : null;
            this.ownsTeam = false;
        }
        this.schedules = new Schedule[threads];
        int tilesPerThread = tilesPerThread();
        for (int b = 1; b < threads; b++)
            schedules[b] = Schedule.plan(plan.steps(), b, threads, DEFAULT_MIN_COST, tilesPerThread);
    }

    int threads() { return threads; }

    private static int tilesPerThread() {
        String v = System.getProperty(TILES_PROPERTY);
        if (v == null || v.isBlank()) return DEFAULT_TILES_PER_THREAD;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > 64) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TILES_PROPERTY + " must be a whole number from 1 to 64, found '"
                    + v + "'");
        }
    }

    /** The intra-op schedule for a batch below the thread count (for reports and tests). */
    Schedule schedule(int batch) { return schedules[batch]; }

    /** Per-caller state: workspaces and reusable tasks. One context serves one call at a time. */
    final class Context {
        final Workspace whole;
        final Workspace[] parts;
        final SegmentTiles segmentTiles = new SegmentTiles();
        final ImageTiles imageTiles = new ImageTiles();

        Context(int maxBatch) {
            this.whole = new Workspace(plan.floatsPerImage(), maxBatch);
            int perThread = (maxBatch + threads - 1) / threads;
            this.parts = new Workspace[threads > 1 && maxBatch >= threads ? threads : 0];
            for (int i = 0; i < parts.length; i++) parts[i] = new Workspace(plan.floatsPerImage(), perThread);
        }
    }

    Context newContext(int maxBatch) { return new Context(maxBatch); }

    void run(Context ctx, float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        if (team == null || !team.tryAcquire()) {
            runSequential(steps, bind(ctx.whole, input, inputOffset, batch, output, outputOffset));
            return;
        }
        try {
            if (batch >= threads && ctx.parts.length == threads) {
                runImageParallel(ctx, input, inputOffset, batch, output, outputOffset);
            } else {
                runScheduled(ctx, schedules[Math.min(batch, threads - 1)],
                        bind(ctx.whole, input, inputOffset, batch, output, outputOffset));
            }
        } finally {
            team.release();
        }
    }

    private static Workspace bind(Workspace ws, float[] input, int inputOffset, int batch, float[] output,
                                  int outputOffset) {
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
            bind(ctx.parts[t], input, inputOffset + begin * inPer, count, output, outputOffset + begin * outPer);
            begin += count;
        }
        ctx.imageTiles.steps = steps;
        ctx.imageTiles.parts = ctx.parts;
        team.run(ctx.imageTiles, threads);
    }

    private void runScheduled(Context ctx, Schedule schedule, Workspace ws) {
        SegmentTiles tiles = ctx.segmentTiles;
        tiles.steps = steps;
        tiles.ws = ws;
        tiles.schedule = schedule;
        for (int seg = 0; seg < schedule.segments(); seg++) {
            int from = schedule.segmentStarts[seg], to = schedule.segmentStarts[seg + 1];
            if (schedule.parallel[seg]) {
                tiles.from = from;
                tiles.to = to;
                team.run(tiles, schedule.tiles[seg]);
            } else {
                for (int i = from; i < to; i++) {
                    Step s = steps[i];
                    s.run(ws, 0, s.units(ws.batch));
                }
            }
        }
    }

    /** Closes the team if this executor made it; a shared team stays open for its other models. */
    @Override public void close() {
        if (ownsTeam) team.close();
    }

    /** Tile t of a parallel region: range t of each of the region's steps, in order, on whichever thread takes it. */
    static final class SegmentTiles implements WorkerTeam.Tiles {
        Step[] steps;
        Workspace ws;
        Schedule schedule;
        int from, to;

        @Override public void runTile(int t) {
            int[][] bounds = schedule.bounds;
            for (int i = from; i < to; i++) {
                int[] b = bounds[i];
                if (b[t] < b[t + 1]) steps[i].run(ws, b[t], b[t + 1]);
            }
        }
    }

    /** Tile t of an image-parallel call: part t of the batch through every step. */
    static final class ImageTiles implements WorkerTeam.Tiles {
        Step[] steps;
        Workspace[] parts;

        @Override public void runTile(int t) {
            Workspace ws = parts[t];
            if (ws.batch > 0) runSequential(steps, ws);
        }
    }
}
