package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
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
 * ShuffleNet v2's concat + shuffle(2) + split, and the plain 2-group shuffle, in NHWC, batch 1, for each
 * registered kernel set; "copy" moves the same bytes with the element-wise copy (two dense copies), the
 * floor any shuffle is measured against. {@code gbytes} is bytes read + written per ns, i.e. GB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ShuffleBenchmark {
    /** Channels of each half (branch output) x height x width: the four v2 1.0x stages and 0.5x's first. */
    @Param({"58x28x28", "116x14x14", "232x7x7", "24x28x28"})
    public String shape;

    @Param({"f32-concat-shuffle2-split-zip-vector512", "f32-concat-shuffle2-split-scalar", "copy"})
    public String kernel;

    private int half, pixels;
    private KernelSet set;
    private float[] a, b, lo, hi, in, out;
    private long bytes;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        half = Integer.parseInt(d[0]);
        pixels = Integer.parseInt(d[1]) * Integer.parseInt(d[2]);
        set = kernel.equals("copy") ? KernelRegistry.best()
                : KernelsByName.set(kernel, s -> s.shuffle().concatShuffleSplitName());
        Random rnd = new Random(1);
        a = random(rnd, half * pixels);
        b = random(rnd, half * pixels);
        lo = new float[half * pixels];
        hi = new float[half * pixels];
        in = random(rnd, 2 * half * pixels);
        out = new float[2 * half * pixels];
        bytes = 2L * 4 * 2 * half * pixels;
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextFloat();
        return x;
    }

    @Benchmark
    public float concatShuffleSplit(ByteCounter counter) {
        if (kernel.equals("copy")) {
            set.elementwise().copy(half, a, 0, half, lo, 0, half, 0, pixels);
            set.elementwise().copy(half, b, 0, half, hi, 0, half, 0, pixels);
        } else {
            set.shuffle().concatShuffleSplit(half, a, 0, half, b, 0, half, lo, 0, half, hi, 0, half, 0, pixels);
        }
        counter.gbytes += bytes;
        return lo[lo.length - 1] + hi[0];
    }

    @Benchmark
    public float shuffle2(ByteCounter counter) {
        if (kernel.equals("copy")) set.elementwise().copy(2 * half, in, 0, 2 * half, out, 0, 2 * half, 0, pixels);
        else set.shuffle().shuffle(2 * half, 2, in, 0, 2 * half, out, 0, 2 * half, 0, pixels);
        counter.gbytes += bytes;
        return out[out.length - 1];
    }
}
