package dev.shufflenet.panama.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of worker threads for intra-op parallelism: one inference's steps, each cut into a few
 * tiles, run by the calling thread together with {@code threads - 1} workers.
 *
 * <p>Why not a {@code ForkJoinPool}: a ShuffleNet step at batch 1 lasts 2-30 microseconds, about what it
 * costs to wake a parked thread, and a fork/join per step paid that about 200 times per inference (two
 * threads ran v2-1.0 2.3x slower than one). This team works the way XNNPACK's pthreadpool, ncnn's OpenMP
 * loops and ONNX Runtime's MLAS pool do:
 * <ul>
 *   <li>the caller works too, so a step never waits for a thread to start;</li>
 *   <li>between steps the workers spin on a shared generation counter ({@link Thread#onSpinWait}) for a
 *       bounded time ({@link #spinNanos()}), and only then park, so consecutive steps of one inference
 *       hand work over in well under a microsecond while an idle team costs no CPU;</li>
 *   <li>tiles are handed out by one atomic counter, so a participant that is descheduled (a shared machine)
 *       delays only the tile it holds;</li>
 *   <li>a step's end is one counter reaching zero, checked by spinning (the workers are busy then).</li>
 * </ul>
 *
 * <p>One team may serve several compiled models. It runs one parallel region at a time: a caller
 * {@linkplain #tryAcquire() acquires} it for a whole inference, and a caller that finds it taken runs its
 * inference on its own thread instead, so concurrent callers never start more threads than the team has
 * (the cores are already busy then). Nothing here allocates after construction.
 */
public final class WorkerTeam implements AutoCloseable {
    /** Work split into tiles; {@link #runTile} may be called from any team thread, once per tile. */
    public interface Tiles {
        void runTile(int tile);
    }

    /** System property: how long idle workers spin before parking, in microseconds. */
    public static final String SPIN_PROPERTY = "shufflenet.team.spinMicros";

    /**
     * Default spin before parking. An inference's steps follow each other within microseconds, so any spin
     * above a few microseconds keeps the workers hot inside one inference; the spin after the last step is
     * pure cost to other processes. 200 us covers the gap between back-to-back inferences of a serving loop
     * (WorkerTeamBenchmark: a handover to spinning workers costs about 0.3 us, to parked ones 30-60 us).
     */
    static final long DEFAULT_SPIN_NANOS = 200_000;

    private final int threads;
    private final long spinNanos;
    private final Thread[] workers;
    private final Worker[] state;
    private final ReentrantLock owner = new ReentrantLock();

    /** Bumped once per parallel region; workers wait for it to change. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger nextTile = new AtomicInteger();
    /** Workers counted into the current region and not yet out of it (the caller does not count itself). */
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private volatile Tiles task;
    private volatile int tileCount;
    private volatile boolean closed;
    private volatile Throwable failure;

    /** A team of {@code threads} participants: the caller and {@code threads - 1} daemon workers. */
    public WorkerTeam(int threads) {
        this(threads, spinFromProperty());
    }

    public WorkerTeam(int threads, long spinNanos) {
        if (threads < 1 || threads > 1024)
            throw new IllegalArgumentException("a worker team needs 1 to 1024 threads, found " + threads);
        if (spinNanos < 0) throw new IllegalArgumentException("spinNanos must be >= 0, found " + spinNanos);
        this.threads = threads;
        this.spinNanos = spinNanos;
        this.workers = new Thread[threads - 1];
        this.state = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            state[i] = new Worker();
            Worker w = state[i];
            workers[i] = Thread.ofPlatform().daemon().name("shufflenet-worker-" + (i + 1)).unstarted(() -> loop(w));
            w.thread = workers[i];
        }
        for (Thread t : workers) t.start();
    }

    private static long spinFromProperty() {
        String v = System.getProperty(SPIN_PROPERTY);
        if (v == null || v.isBlank()) return DEFAULT_SPIN_NANOS;
        try {
            long micros = Long.parseLong(v.trim());
            if (micros < 0) throw new NumberFormatException();
            return micros * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SPIN_PROPERTY + " must be a whole number of microseconds >= 0,"
                    + " found '" + v + "'");
        }
    }

    /** Participants, the caller included. */
    public int threads() { return threads; }

    public long spinNanos() { return spinNanos; }

    /**
     * Takes the team for one caller's sequence of {@link #run} calls; false if another caller holds it (or
     * the team is closed): run single-threaded then. Pair with {@link #release()}.
     */
    public boolean tryAcquire() {
        if (closed || !owner.tryLock()) return false;
        if (closed) {
            owner.unlock();
            return false;
        }
        return true;
    }

    public void release() {
        owner.unlock();
    }

    /**
     * Runs tiles [0, count) on the team and returns when all are done. The caller must hold the team
     * ({@link #tryAcquire}). With one participant, or one tile, the caller runs them alone.
     *
     * @throws RuntimeException or Error the first failure of any tile, rethrown on the caller
     */
    public void run(Tiles tiles, int count) {
        if (!owner.isHeldByCurrentThread())
            throw new IllegalStateException("WorkerTeam.run needs the team: call tryAcquire() first");
        if (count <= 0) return;
        if (workers.length == 0 || count == 1) {
            for (int i = 0; i < count; i++) tiles.runTile(i);
            return;
        }
        task = tiles;
        tileCount = count;
        nextTile.set(0);
        failure = null;
        busyWorkers.set(workers.length);
        long g = generation.incrementAndGet(); // publishes the fields above to the workers (volatile write)
        for (Worker w : state) if (w.parked) LockSupport.unpark(w.thread);
        try {
            work(tiles, count);
        } catch (Throwable t) {
            recordFailure(t);
        }
        // Workers that have not started yet (descheduled, or still waking from park) are not waited for:
        // the caller takes their turn, and they skip this region when they wake.
        for (Worker w : state) if (w.done.compareAndSet(g - 1, g)) busyWorkers.decrementAndGet();
        for (int polls = 1; busyWorkers.get() != 0; polls++) pause(polls);
        task = null;
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException r) throw r;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException(f);
        }
    }

    private void work(Tiles tiles, int count) {
        for (int i = nextTile.getAndIncrement(); i < count; i = nextTile.getAndIncrement()) tiles.runTile(i);
    }

    private void recordFailure(Throwable t) {
        if (failure == null) failure = t;
        nextTile.set(Integer.MAX_VALUE / 2); // nobody starts another tile
    }

    private static final class Worker {
        Thread thread;
        volatile boolean parked;
        /** The last region this worker ran or was excused from; whoever moves it to g owns its turn in g. */
        final AtomicLong done = new AtomicLong();
    }

    private void loop(Worker w) {
        while (true) {
            long g = awaitGeneration(w);
            if (g < 0) return;
            if (!w.done.compareAndSet(g - 1, g)) continue; // the caller finished region g without us
            Tiles t = task;
            try {
                if (t != null) work(t, tileCount);
            } catch (Throwable e) {
                recordFailure(e);
            } finally {
                busyWorkers.decrementAndGet();
            }
        }
    }

    /**
     * One poll of a spin loop: a PAUSE, and every 1024th time a yield, so that on an oversubscribed machine
     * (more team threads than free cores) a spinning thread lets the one that holds the work run.
     */
    private static void pause(int polls) {
        if ((polls & 1023) == 0) Thread.yield();
        else Thread.onSpinWait();
    }

    /** Spins, then parks, until the generation moves past what this worker has seen; -1 once closed. */
    private long awaitGeneration(Worker w) {
        long deadline = System.nanoTime() + spinNanos;
        int polls = 0;
        while (true) {
            long g = generation.get();
            if (g > w.done.get()) return g;
            if (closed) return -1;
            if ((++polls & 63) != 0 || System.nanoTime() - deadline < 0) {
                pause(polls);
                continue;
            }
            // Dekker-style handshake with run(): set parked, then re-check; run() bumps the generation, then
            // reads parked. Both are volatile, so at least one side sees the other's write.
            w.parked = true;
            if (generation.get() == w.done.get() && !closed) LockSupport.park(this);
            w.parked = false;
            deadline = System.nanoTime() + spinNanos;
        }
    }

    /**
     * Stops the workers once any region in progress has finished (its caller is not interrupted). Later
     * {@link #tryAcquire} calls return false, so models using this team run on their callers' threads.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        owner.lock(); // waits for the current holder to release: an inference in flight finishes first
        try {
            closed = true;
        } finally {
            owner.unlock();
        }
        for (Thread t : workers) LockSupport.unpark(t);
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean isClosed() { return closed; }
}
