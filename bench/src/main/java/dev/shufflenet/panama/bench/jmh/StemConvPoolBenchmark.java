package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;
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
 * The whole ShuffleNet stem at 224 x 224, batch 1, both ways in one run: {@code fused}, the one-pass
 * kernel reading the NCHW image ({@code StemConvPoolKernel}), and {@code separate}, what the planner ran
 * before it (and still runs for other stems): the same set's NCHW to NHWC layout pass, direct 3x3/2 conv
 * with ReLU into a 112 x 112 map, and 3x3/2 max pool. Same weights and image, same 56 x 56 output.
 * {@code gflops} counts the conv's 2 * 27 * C * 112 * 112 flops per call for both, so it compares the
 * paths as conv throughput; CPU time per call ({@link CpuClock}: cpuNanos / calls) is the cost on a core
 * of its own on a shared machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StemConvPoolBenchmark {
    /** The fused kernel's name; the separate path uses the layout, direct conv and pool of the same set. */
    @Param({"f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector512", "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-vector512",
            "f32-stem-conv3x3s2-relu-maxpool3x3s2-scalar"})
    public String kernel;

    /** 24: every v2 and v1 from 1.0x to 1.5x; 48: v1 at 2.0x. */
    @Param({"24", "48"})
    public int outChannels;

    private static final int SIZE = 224, CONV = 112, POOL = 56;
    private KernelSet set;
    private StemConvPoolKernel stem;
    private StemConvPoolKernel.PackedWeights fusedWeights;
    private DirectConvKernel.PackedWeights convWeights;
    private float[] image, nhwc, conv, out;
    private long flops;

    @Setup
    public void setUp() {
        // A set's stem is a family (the target picks a member per channel count): find the set by any member's name.
        set = KernelsByName.set(kernel, s -> s.stem().members().stream().map(StemConvPoolKernel::name)
                .filter(kernel::equals).findFirst().orElse(s.stem().name()));
        stem = set.stem().members().stream().filter(k -> k.name().equals(kernel)).findFirst().orElseThrow();
        Random rnd = new Random(1);
        float[] w = new float[outChannels * 27], b = new float[outChannels];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
        fusedWeights = stem.pack(w, b, outChannels, 3);
        convWeights = set.direct().pack(w, b, outChannels, 3, 3, 3);
        image = new float[3 * SIZE * SIZE];
        for (int i = 0; i < image.length; i++) image[i] = rnd.nextFloat() * 2 - 1;
        nhwc = new float[SIZE * SIZE * 3];
        conv = new float[CONV * CONV * outChannels];
        out = new float[POOL * POOL * outChannels];
        flops = 2L * 27 * outChannels * CONV * CONV;
    }

    @Benchmark
    public float fused(FlopCounter counter, CpuClock clock) {
        long start = clock.now();
        stem.run(fusedWeights, SIZE, SIZE, image, 0, out, 0, outChannels, 0, POOL, true);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        counter.gflops += flops;
        return out[out.length - 1];
    }

    @Benchmark
    public float separate(FlopCounter counter, CpuClock clock) {
        long start = clock.now();
        set.layout().nchwToNhwc(3, SIZE, SIZE, image, 0, nhwc, 0, 3, 0, 1);
        set.direct().run(convWeights, SIZE, SIZE, 2, 2, 1, 1, 1, 1, nhwc, 0, 3, conv, 0, outChannels, 0, CONV, true);
        set.pool().maxPool(outChannels, CONV, CONV, 3, 3, 2, 2, 1, 1, 1, 1, conv, 0, outChannels, out, 0, outChannels,
                0, POOL);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        counter.gflops += flops;
        return out[out.length - 1];
    }
}
