package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.VectorConfig;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FMA peak of one core through the Vector API, the ceiling for the GEMM kernels: independent chains
 * of {@code c = c * a + b}, 12 and 16 of them (two FMA units of 4-cycle latency need at least 8).
 *
 * <p>The score is vector FMAs per nanosecond; GFLOP/s = score x 2 x lanes (16 for 512-bit species).
 * Each chain starts from a different value, or C2 would merge identical chains. The methods are kept out
 * of JMH's measurement loop (JMH inlines benchmark methods by default): inlined there, chains16 fell to
 * 0.004 ops/ns after C2 recompiled the loop, its vectors no longer intrinsified.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBenchmark {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int STEPS = 4096;

    public float a = 0.999f, b = 0.001f;

    private static FloatVector v(float x) {
        return FloatVector.broadcast(S, x);
    }

    @Benchmark
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    @OperationsPerInvocation(STEPS * 12)
    public float chains12() {
        FloatVector va = v(a), vb = v(b);
        FloatVector c0 = v(0), c1 = v(1), c2 = v(2), c3 = v(3), c4 = v(4), c5 = v(5);
        FloatVector c6 = v(6), c7 = v(7), c8 = v(8), c9 = v(9), c10 = v(10), c11 = v(11);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(va, vb); c1 = c1.fma(va, vb); c2 = c2.fma(va, vb); c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb); c5 = c5.fma(va, vb); c6 = c6.fma(va, vb); c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb); c9 = c9.fma(va, vb); c10 = c10.fma(va, vb); c11 = c11.fma(va, vb);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .lane(0);
    }

    @Benchmark
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    @OperationsPerInvocation(STEPS * 16)
    public float chains16() {
        FloatVector va = v(a), vb = v(b);
        FloatVector c0 = v(0), c1 = v(1), c2 = v(2), c3 = v(3), c4 = v(4), c5 = v(5), c6 = v(6), c7 = v(7);
        FloatVector c8 = v(8), c9 = v(9), c10 = v(10), c11 = v(11), c12 = v(12), c13 = v(13), c14 = v(14);
        FloatVector c15 = v(15);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(va, vb); c1 = c1.fma(va, vb); c2 = c2.fma(va, vb); c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb); c5 = c5.fma(va, vb); c6 = c6.fma(va, vb); c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb); c9 = c9.fma(va, vb); c10 = c10.fma(va, vb); c11 = c11.fma(va, vb);
            c12 = c12.fma(va, vb); c13 = c13.fma(va, vb); c14 = c14.fma(va, vb); c15 = c15.fma(va, vb);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(c12).add(c13).add(c14).add(c15).lane(0);
    }
}
