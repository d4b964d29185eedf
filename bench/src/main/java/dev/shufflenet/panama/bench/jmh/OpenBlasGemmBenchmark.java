package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv;
import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv.BiasMode;
import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv.WeightLayout;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * The 1x1 convolutions of ShuffleNet v2 1.0x through OpenBLAS (the {@link OpenBlasPointwiseConv} adapter, with
 * bias and ReLU, on one thread) beside the Vector API kernel, on the same arrays.
 *
 * <p>{@code shape} is M x K x pixels per image (the stage shapes at 224x224 and the 1000 x 1024 classifier);
 * the benchmark runs {@code batch} images, so P = pixels * batch. GFLOP/s = 2*M*K*P / (ns/op).
 *
 * <p>{@code kernel}: {@code openblas} (the adapter's defaults), {@code vector} ({@link VectorPointwiseConv}),
 * or one adapter variant, to choose the defaults: {@code f32-gemm-openblas-wt-prefill} (weights [M][K] with TransB, bias
 * copied into C then beta = 1), {@code f32-gemm-openblas-wt-postbias} (beta = 0, then a bias+ReLU pass),
 * {@code f32-gemm-openblas-w-prefill} and {@code f32-gemm-openblas-w-postbias} (weights repacked to [K][M]). Run:
 * {@code java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/shufflenet-cli.jar
 * org.openjdk.jmh.Main OpenBlas -f 1 -wi 3 -w 2s -i 5 -r 2s}, adding for instance
 * {@code -p kernel=f32-gemm-openblas-wt-prefill,f32-gemm-openblas-wt-postbias,f32-gemm-openblas-w-prefill,f32-gemm-openblas-w-postbias}.
 *
 * <p>Besides wall time per call, each iteration reports the benchmark thread's CPU time ({@code cpuNanos})
 * and its call count ({@code calls}): on a machine shared with other work, {@code 2*M*K*P * calls / cpuNanos}
 * estimates what the kernel does on a core of its own, while wall time also counts the time the thread
 * waited for a core. Reading the clock twice per call costs well under a microsecond; the smallest call here
 * takes tens.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OpenBlasGemmBenchmark {
    @Param({"58x24x3136", "58x58x784", "116x116x784", "116x116x196", "232x232x196", "232x232x49",
            "464x464x49", "1024x464x49", "1000x1024x1"})
    public String shape;

    @Param({"1", "8"})
    public int batch;

    @Param({"openblas", "vector"})
    public String kernel;

    private PointwiseConvKernel conv;
    private PointwiseConvKernel.PackedWeights weights;
    private float[] in, out;
    private int m, k, pixels;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        pixels = Integer.parseInt(parts[2]) * batch;
        conv = kernel(kernel);
        SplittableRandom random = new SplittableRandom(42);
        float[] w = new float[m * k], bias = new float[m];
        in = new float[pixels * k];
        out = new float[pixels * m];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < bias.length; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
        weights = conv.pack(w, bias, m, k);
    }

    private static PointwiseConvKernel kernel(String name) {
        return switch (name) {
            case "vector" -> new VectorPointwiseConv();
            case "openblas" -> new OpenBlasPointwiseConv(OpenBlasLibrary.require());
            case "f32-gemm-openblas-wt-prefill" -> variant(WeightLayout.OUT_IN, BiasMode.PREFILL);
            case "f32-gemm-openblas-wt-postbias" -> variant(WeightLayout.OUT_IN, BiasMode.POST_PASS);
            case "f32-gemm-openblas-w-prefill" -> variant(WeightLayout.IN_OUT, BiasMode.PREFILL);
            case "f32-gemm-openblas-w-postbias" -> variant(WeightLayout.IN_OUT, BiasMode.POST_PASS);
            default -> throw new IllegalArgumentException("kernel must be openblas, vector or an openblas-* variant;"
                    + " found '" + name + "'");
        };
    }

    private static PointwiseConvKernel variant(WeightLayout layout, BiasMode bias) {
        return new OpenBlasPointwiseConv(OpenBlasLibrary.require(), layout, bias);
    }

    @Benchmark
    public float[] pointwise(CpuClock clock) {
        long start = clock.now();
        conv.run(weights, in, 0, k, out, 0, m, 0, pixels, true);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }
}
