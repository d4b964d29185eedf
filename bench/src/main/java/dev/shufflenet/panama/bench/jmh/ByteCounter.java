package dev.shufflenet.panama.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes read plus bytes written, as a JMH secondary result. Benchmarks report per nanosecond
 * ({@code @OutputTimeUnit(NANOSECONDS)}), so the {@code gbytes} column reads in GB/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    public long gbytes;

    @Setup(Level.Iteration)
    public void reset() { gbytes = 0; }
}
