package dev.shufflenet.panama.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark thread and its call count, per iteration (JMH sums EVENTS counters over an
 * iteration): on a machine shared with other work, {@code cpuNanos / calls} estimates what a call costs
 * on a core of its own, while wall time also counts the time the thread waited for a core. Reading the
 * clock twice per call costs well under a microsecond.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    public long calls;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        calls = 0;
    }

    long now() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
