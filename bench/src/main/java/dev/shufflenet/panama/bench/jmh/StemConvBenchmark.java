package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
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
 * The ShuffleNet stem: 3x3 stride 2 pad 1 convolution, 3 -> 24 channels (v1 and v2 1.0x), batch 1,
 * bias and ReLU, on 224x224. {@code gflops} counts 2 * 27 * 24 * 112 * 112 flops per call (GFLOP/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StemConvBenchmark {
    @Param({"f32-conv-direct-6x2v-relu-vector512", "f32-conv-direct-scalar"})
    public String kernel;

    /** Output channels: 24 in v1 and v2 1.0x. */
    /** 24: every v2 and v1 up to 1.5x; 48: v1 at 2.0x (three vectors at 16 lanes: a pair and a single). */
    @Param({"24", "48"})
    public int outChannels;

    private static final int SIZE = 224, OUT = 112;
    private DirectConvKernel conv;
    private DirectConvKernel.PackedWeights packed;
    private float[] in, out;
    private long flops;

    @Setup
    public void setUp() {
        conv = KernelsByName.set(kernel, s -> s.direct().name()).direct();
        Random rnd = new Random(1);
        float[] w = new float[outChannels * 27], b = new float[outChannels];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        packed = conv.pack(w, b, outChannels, 3, 3, 3);
        in = new float[SIZE * SIZE * 3];
        for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat();
        out = new float[OUT * OUT * outChannels];
        flops = 2L * 27 * outChannels * OUT * OUT;
    }

    @Benchmark
    public float stem(FlopCounter counter) {
        conv.run(packed, SIZE, SIZE, 2, 2, 1, 1, 1, 1, in, 0, 3, out, 0, outChannels, 0, OUT, true);
        counter.gflops += flops;
        return out[out.length - 1];
    }
}
