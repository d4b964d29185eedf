package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.parallel.WorkerTeam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What one parallel step costs beyond its work: the hand-over to the other participants plus the barrier at
 * its end, with empty tiles (one per participant), for
 * <ul>
 *   <li>{@code team-spinning}: the {@link WorkerTeam} with its workers spinning (steps back to back, as
 *       inside one inference);</li>
 *   <li>{@code team-parked}: the team after its workers parked (each call waits past the spin first), the
 *       cost of the first step of an inference that follows a long pause;</li>
 *   <li>{@code pause-only}: the 50 us pause {@code team-parked} takes before each step, alone, to subtract;</li>
 *   <li>{@code forkjoin}: a fork/join of reusable {@code RecursiveAction}s on a {@code ForkJoinPool}, what
 *       the executor did before the team.</li>
 * </ul>
 * Average time per step; needs as many free cores as {@code threads}, and says little on a loaded machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WorkerTeamBenchmark {
    @Param({"2"})
    public int threads;

    @Param({"team-spinning", "team-parked", "pause-only", "forkjoin"})
    public String executor;

    private WorkerTeam team;
    private ForkJoinPool pool;
    private Empty[] tasks;
    private final int[] sink = new int[64];
    private final WorkerTeam.Tiles tiles = t -> sink[t * 16]++;

    @Setup(Level.Trial)
    public void setUp() {
        if (executor.equals("pause-only")) return;
        if (executor.startsWith("team")) {
            team = new WorkerTeam(threads, executor.equals("team-parked") ? 0 : 1_000_000_000L);
            if (!team.tryAcquire()) throw new IllegalStateException("team busy");
        } else {
            pool = new ForkJoinPool(threads);
            tasks = new Empty[threads];
            for (int i = 0; i < threads; i++) tasks[i] = new Empty();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (team != null) {
            team.release();
            team.close();
        }
        if (pool != null) pool.shutdown();
    }

    @Benchmark
    public void step() {
        if (executor.equals("pause-only")) {
            LockSupport.parkNanos(50_000);
        } else if (team != null) {
            if (executor.equals("team-parked")) LockSupport.parkNanos(50_000); // let the workers park
            team.run(tiles, threads);
        } else {
            for (Empty t : tasks) t.reinitialize();
            for (int t = 1; t < threads; t++) pool.execute(tasks[t]);
            tasks[0].invoke();
            for (int t = 1; t < threads; t++) tasks[t].join();
        }
    }

    static final class Empty extends RecursiveAction {
        int hits;

        @Override protected void compute() { hits++; }
    }
}
