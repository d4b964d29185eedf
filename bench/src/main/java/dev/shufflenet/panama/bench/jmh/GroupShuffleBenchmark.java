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
 * ShuffleNet v1's g-group channel shuffle in NHWC, batch 1, for each kernel set; "copy" moves the same
 * bytes with the element-wise copy, the floor for any shuffle. {@code gbytes} is bytes read + written per
 * ns, i.e. GB/s. Shapes are groups x channels x height x width of v1 bottlenecks at 1.0x (g3: stages 2, 3,
 * 4 and stage 2's first unit at 56x56; g4, g8 stage 3) and g2. Run: {@code java
 * --add-modules=jdk.incubator.vector -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main GroupShuffle
 * -f 1 -wi 3 -w 1s -i 5 -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GroupShuffleBenchmark {
    @Param({"3x60x56x56", "3x60x28x28", "3x120x14x14", "3x240x7x7", "4x136x14x14", "8x192x14x14", "2x100x28x28"})
    public String shape;

    @Param({"f32-shuffle-zip-vector512", "f32-shuffle-scalar", "copy"})
    public String kernel;

    private int groups, channels, pixels;
    private KernelSet set;
    private float[] in, out;
    private long bytes;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        groups = Integer.parseInt(d[0]);
        channels = Integer.parseInt(d[1]);
        pixels = Integer.parseInt(d[2]) * Integer.parseInt(d[3]);
        set = kernel.equals("copy") ? KernelRegistry.best() : KernelsByName.set(kernel, s -> s.shuffle().name());
        Random rnd = new Random(1);
        in = new float[channels * pixels];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat();
        out = new float[channels * pixels];
        bytes = 2L * 4 * channels * pixels;
    }

    @Benchmark
    public float shuffle(ByteCounter counter) {
        if (kernel.equals("copy")) set.elementwise().copy(channels, in, 0, channels, out, 0, channels, 0, pixels);
        else set.shuffle().shuffle(channels, groups, in, 0, channels, out, 0, channels, 0, pixels);
        counter.gbytes += bytes;
        return out[out.length - 1];
    }
}
