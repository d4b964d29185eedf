package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConvHalf;
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
 * ShuffleNet v1's grouped 1x1 convs as the planner runs them, single thread: every group in turn, each reading its
 * slice of the wider NHWC input and writing its slice of the output, with its own weights (what the calibration
 * times under {@code gemm.MxKxP.gG}). For the full-width GEMM against its half-width twin on the per-group channel
 * counts where the half width pads fewer lanes (20 and 40 of v1 g = 3), and one where it does not (80).
 *
 * <p>{@code shape} is M x K x P per group (output and input channels of a group, pixels), from v1 g = 3 at 1.0x
 * (20x80x784, 40x80x784, 40x160x196, 80x20x784, 80x40x196) and 2.0x (40x160x784). {@code kernel} is a tile by its name:
 * the full width's ({@link VectorPointwiseConv}) or the half width's ({@link VectorPointwiseConvHalf}, names ending in
 * half the bits). GFLOP/s = 2*M*K*P*groups / (ns/op). Run:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main
 * GroupedPointwiseConv -f 2}. Results: docs/measurements.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries, as in PointwiseConvBenchmark: packed weights on cache lines in every fork.
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GroupedPointwiseConvBenchmark {
    @Param({"20x80x784", "40x80x784", "40x160x196", "40x160x784", "80x20x784", "80x40x196"})
    public String shape;

    @Param({"3"})
    public int groups;

    @Param({"f32-gemm-6x4v-relu-vector512", "f32-gemm-6x4v-relu-vector256"})
    public String kernel;

    private PointwiseConvKernel gemm;
    private PointwiseConvKernel.PackedWeights[] weights;
    private float[] in, out;
    private int m, k, pixels;

    @Setup
    public void setUp() {
        List<PointwiseConvKernel> tiles = new ArrayList<>(VectorPointwiseConv.tiles());
        tiles.addAll(VectorPointwiseConvHalf.tiles());
        gemm = tiles.stream().filter(t -> t.name().equals(kernel)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no GEMM kernel '" + kernel + "' at this vector width; there are "
                        + tiles.stream().map(PointwiseConvKernel::name).toList()));
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        pixels = Integer.parseInt(parts[2]);
        SplittableRandom random = new SplittableRandom(42);
        weights = new PointwiseConvKernel.PackedWeights[groups];
        for (int g = 0; g < groups; g++) {
            float[] w = new float[m * k], bias = new float[m];
            for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
            for (int i = 0; i < m; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
            weights[g] = gemm.pack(w, bias, m, k);
        }
        in = new float[pixels * groups * k];
        out = new float[pixels * groups * m];
        for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
        // Compile every micro-kernel first: interpreted, a big layer outlasts the warm-up iterations.
        gemm.warmUp(30_000);
    }

    /** Also counts CPU time ({@link CpuClock}): cpuNanos / calls is the cost of a call on a core of its own. */
    @Benchmark
    public float[] grouped(CpuClock clock) {
        long start = clock.now();
        for (int g = 0; g < groups; g++)
            gemm.run(weights[g], in, g * k, groups * k, out, g * m, groups * m, 0, pixels, true);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }
}
