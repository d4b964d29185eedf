package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.VectorGemv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import java.util.ArrayList;
import java.util.List;
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
 * The FC layer (M outputs x K inputs, {@code shape} "MxK") at {@code batch} images, one thread: the Java GEMV
 * ({@link VectorGemv}), the Java GEMM ({@link VectorPointwiseConv}, both tiles) and OpenBLAS (the adapter's
 * defaults: {@code cblas_sgemv} at one image, {@code cblas_sgemm} above), on the same arrays, in one run.
 *
 * <p>{@code copies}: how many packed copies of the weights the calls cycle through. 1 keeps the 4 MB of a
 * 1000 x 1024 layer in the last-level cache between calls (as in a loop over one layer); 16 (64 MB) makes each
 * call stream its weights from memory, as an FC layer does when the rest of the network has evicted them.
 *
 * <p>Counters: {@code gbytes} is the weights' bytes per call (GB/s, since the unit is ns); {@code cpuNanos}
 * over {@code calls} is the thread's CPU time per call (on a shared machine, what a core of its own would
 * take). Kernel names carry the vector width; the defaults are the 512-bit ones, other widths by
 * {@code -p kernel=...}. Run: {@code java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED
 * -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main GemvBenchmark -p kernel=f32-gemv-4v-relu-vector256,
 * f32-gemm-6x2v-relu-vector256,f32-gemm-openblas-wt-postbias}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries: the packed weights then start on cache lines in every fork (ArrayAlignment).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemvBenchmark {
    @Param({"1000x1024", "1000x2048"})
    public String shape;

    @Param({"1", "8"})
    public int batch;

    @Param({"1", "16"})
    public int copies;

    @Param({"f32-gemv-4v-relu-vector512", "f32-gemm-6x4v-relu-vector512", "f32-gemm-openblas-wt-postbias"})
    public String kernel;

    private PointwiseConvKernel conv;
    private PointwiseConvKernel.PackedWeights[] weights;
    private float[] in, out;
    private int m, k, next;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        conv = kernel(kernel);
        SplittableRandom random = new SplittableRandom(42);
        float[] w = new float[m * k], bias = new float[m];
        in = new float[batch * k];
        out = new float[batch * m];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < bias.length; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
        // The kernels' own warm-up (what calibration does first): on a loaded machine C2 can take longer than
        // JMH's warm-up iterations to compile Vector API code, which then runs interpreted, 100x slower.
        conv.warmUp(30_000);
        weights = new PointwiseConvKernel.PackedWeights[copies];
        for (int c = 0; c < copies; c++) weights[c] = conv.pack(w, bias, m, k);
    }

    private static PointwiseConvKernel kernel(String name) {
        List<PointwiseConvKernel> kernels = new ArrayList<>();
        kernels.add(new VectorGemv());
        kernels.addAll(VectorPointwiseConv.tiles());
        OpenBlasLibrary.openBlas().ifPresent(blas -> kernels.add(new OpenBlasPointwiseConv(blas)));
        for (PointwiseConvKernel k : kernels) if (k.name().equals(name)) return k;
        throw new IllegalArgumentException("no kernel named '" + name + "' in this JVM; there are "
                + kernels.stream().map(PointwiseConvKernel::name).toList() + " (names carry the vector width)");
    }

    @Benchmark
    public float[] fc(CpuClock clock, ByteCounter bytes) {
        PointwiseConvKernel.PackedWeights w = weights[next];
        next = next + 1 == copies ? 0 : next + 1;
        long start = clock.now();
        conv.run(w, in, 0, k, out, 0, m, 0, batch, false);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        bytes.gbytes += 4L * m * k;
        return out;
    }
}
