package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
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
 * v1's residual add + ReLU on 240 x 28x28 (dense, and as a 240-channel slice of a 480-channel tensor),
 * and the 1000-class softmax, batch 1. {@code gbytes}: bytes read + written per ns (GB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ElementwiseBenchmark {
    @Param({"f32-elementwise-vector512", "f32-elementwise-scalar"})
    public String kernel;

    private static final int C = 240, PIXELS = 28 * 28;
    private ElementwiseKernel ew;
    private float[] a, b, out, wide, logits, probs;

    @Setup
    public void setUp() {
        ew = KernelsByName.set(kernel, s -> s.elementwise().name()).elementwise();
        Random rnd = new Random(1);
        a = random(rnd, C * PIXELS);
        b = random(rnd, C * PIXELS);
        out = new float[C * PIXELS];
        wide = random(rnd, 2 * C * PIXELS);
        logits = random(rnd, 1000);
        probs = new float[1000];
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextFloat() - 0.5f;
        return x;
    }

    @Benchmark
    public float addReluDense(ByteCounter counter) {
        ew.add(C, a, 0, C, b, 0, C, out, 0, C, 0, PIXELS, true);
        counter.gbytes += 12L * C * PIXELS;
        return out[out.length - 1];
    }

    @Benchmark
    public float addReluSlice(ByteCounter counter) {
        ew.add(C, wide, C, 2 * C, b, 0, C, out, 0, C, 0, PIXELS, true);
        counter.gbytes += 12L * C * PIXELS;
        return out[out.length - 1];
    }

    @Benchmark
    public float softmax1000(ByteCounter counter) {
        ew.softmax(1000, logits, 0, 1000, probs, 0, 1000, 0, 1);
        counter.gbytes += 8L * 1000;
        return probs[999];
    }
}
