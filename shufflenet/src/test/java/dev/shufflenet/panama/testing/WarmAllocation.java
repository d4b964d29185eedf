package dev.shufflenet.panama.testing;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Counts the bytes a piece of code allocates once the JIT has compiled it, for the tests that assert a hot
 * path allocates nothing.
 *
 * <p>A single measured round is not enough: until C2 compiles the code, interpreted or C1 code may allocate
 * (every Vector API operation boxes its vector; an OSR transition or a deoptimisation can leave a few dozen
 * bytes on the counting thread), so a round of zero can follow a round of 72 bytes with no change in the
 * code under test. Rounds therefore repeat until one allocates nothing, until the same non-zero count has
 * come back for {@code steadyNanos} (a per-call allocation, not code still waiting for C2; on a loaded
 * machine C2 can take that long), or until {@code deadlineNanos}. A real per-call allocation gives the same
 * non-zero count every round and still fails.
 */
public final class WarmAllocation {
    private WarmAllocation() {}

    /** The JVM's per-thread allocation counter, or the test is skipped where the JVM has none. */
    public static com.sun.management.ThreadMXBean counter() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported(),
                "this JVM cannot count a thread's allocated bytes");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) threads;
        mx.setThreadAllocatedMemoryEnabled(true);
        return mx;
    }

    /** Bytes the last round of {@code callsPerRound} calls allocated on the calling thread, once warm. */
    public static long bytesOnceWarm(Runnable call, int callsPerRound, long steadyNanos, long deadlineNanos) {
        com.sun.management.ThreadMXBean mx = counter();
        long tid = Thread.currentThread().threadId();
        return bytesOnceWarm(() -> mx.getThreadAllocatedBytes(tid), call, callsPerRound, steadyNanos, deadlineNanos);
    }

    /** As above, with the count read by {@code allocated} (the sum over several threads, say). */
    public static long bytesOnceWarm(LongSupplier allocated, Runnable call, int callsPerRound, long steadyNanos,
                                     long deadlineNanos) {
        long start = System.nanoTime(), deadline = start + deadlineNanos;
        long bytes = -1, steadySince = start;
        while (true) {
            long before = allocated.getAsLong();
            for (int i = 0; i < callsPerRound; i++) call.run();
            long round = allocated.getAsLong() - before, now = System.nanoTime();
            if (round != bytes) steadySince = now;
            bytes = round;
            if (bytes == 0 || now - steadySince >= steadyNanos || now >= deadline) return bytes;
        }
    }
}
