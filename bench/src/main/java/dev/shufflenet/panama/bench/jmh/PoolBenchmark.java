package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.pool.PoolKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * ShuffleNet's pools, batch 1: the 3x3 stride 2 pad 1 max pool after the stem (24 x 112x112), the v1
 * shortcut average pool (same window, count_include_pad) and the global average pool before the
 * classifier (1024 x 7x7). {@code gbytes} counts input read + output written per ns (GB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolBenchmark {
    @Param({"f32-pool-maxavg-relu-vector512", "f32-pool-scalar"})
    public String kernel;

    private PoolKernel pool;
    private float[] stemOut, maxOut, stage, avgOut, features, pooled;

    @Setup
    public void setUp() {
        pool = KernelsByName.set(kernel, s -> s.pool().name()).pool();
        Random rnd = new Random(1);
        stemOut = random(rnd, 112 * 112 * 24);
        maxOut = new float[56 * 56 * 24];
        stage = random(rnd, 56 * 56 * 240);
        avgOut = new float[28 * 28 * 240];
        features = random(rnd, 7 * 7 * 1024);
        pooled = new float[1024];
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextFloat();
        return x;
    }

    /** 24 x 112x112 to 56x56. */
    @Benchmark
    public float maxPool3x3s2(ByteCounter counter) {
        pool.maxPool(24, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, stemOut, 0, 24, maxOut, 0, 24, 0, 56);
        counter.gbytes += 4L * (stemOut.length + maxOut.length);
        return maxOut[maxOut.length - 1];
    }

    /** v1 shortcut of a stride-2 unit, 240 x 56x56 to 28x28 (shape chosen for volume, not a specific layer). */
    @Benchmark
    public float avgPool3x3s2(ByteCounter counter) {
        pool.avgPool(240, 56, 56, 3, 3, 2, 2, 1, 1, 1, 1, true, stage, 0, 240, avgOut, 0, 240, 0, 28, false);
        counter.gbytes += 4L * (stage.length + avgOut.length);
        return avgOut[avgOut.length - 1];
    }

    /** 1024 x 7x7 to 1024. */
    @Benchmark
    public float globalAvgPool(ByteCounter counter) {
        pool.globalAvgPool(1024, 49, features, 0, 1024, pooled, 0, 1024, 0, 1);
        counter.gbytes += 4L * (features.length + pooled.length);
        return pooled[1023];
    }
}
