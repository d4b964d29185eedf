package dev.shufflenet.panama.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Useful floating-point operations done, as a JMH secondary result. Benchmarks report per nanosecond
 * ({@code @OutputTimeUnit(NANOSECONDS)}), so the {@code gflops} column reads in GFLOP/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
    public long gflops;

    @Setup(Level.Iteration)
    public void reset() { gflops = 0; }
}
