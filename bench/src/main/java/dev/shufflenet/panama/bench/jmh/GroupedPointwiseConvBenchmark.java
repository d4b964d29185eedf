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
 * (20x80x784, 40x80x784, 40x160x196, 80x20x784, 80x40x196) and 2.0x (40x160x784), and the 17 and 24 channels of
 * v1 g = 4 and g = 8 at 1.0x (17x68x784, 24x96x196; run those with {@code -p groups=4} and {@code 8}): three
 * vectors of the half width, one pass of its 6 x 3 tiles. {@code kernel} is a tile by its name:
 * the full width's ({@link VectorPointwiseConv}) or the half width's ({@link VectorPointwiseConvHalf}, names ending in
 * half the bits). GFLOP/s = 2*M*K*P*groups / (ns/op). Run:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main
 * GroupedPointwiseConv -f 2}. Results: docs/measurements.md.
 *
 * <p>{@code companion}: {@code none}, or another tile's name that is warmed up and run on the same layer in the fork
 * before the timed kernel is, as in a model's JVM, where both widths are compiled and the Vector API's shared
 * methods have seen both species. With {@code -p companion=f32-gemm-6x4v-relu-vector512} (or the 256-bit name) the
 * timed kernel is measured as the second one compiled.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries, as in PointwiseConvBenchmark: packed weights on cache lines in every fork.
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GroupedPointwiseConvBenchmark {
    @Param({"20x80x784", "40x80x784", "40x160x196", "40x160x784", "80x20x784", "80x40x196", "17x68x784", "24x96x196"})
    public String shape;

    @Param({"3"})
    public int groups;

    @Param({"f32-gemm-6x4v-relu-vector512", "f32-gemm-6x4v-relu-vector256"})
    public String kernel;

    @Param({"none"})
    public String companion;

    private PointwiseConvKernel gemm;
    private PointwiseConvKernel.PackedWeights[] weights;
    private float[] in, out;
    private int m, k, pixels;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        pixels = Integer.parseInt(parts[2]);
        SplittableRandom random = new SplittableRandom(42);
        in = new float[pixels * groups * k];
        out = new float[pixels * groups * m];
        for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
        if (!companion.equals("none")) {
            PointwiseConvKernel other = tile(companion);
            PointwiseConvKernel.PackedWeights[] otherWeights = pack(other, random);
            other.warmUp(30_000);
            for (int call = 0; call < 2_000; call++) run(other, otherWeights);
        }
        gemm = tile(kernel);
        weights = pack(gemm, random);
        // Compile every micro-kernel first: interpreted, a big layer outlasts the warm-up iterations.
        gemm.warmUp(30_000);
    }

    private static PointwiseConvKernel tile(String name) {
        List<PointwiseConvKernel> tiles = new ArrayList<>(VectorPointwiseConv.tiles());
        tiles.addAll(VectorPointwiseConvHalf.tiles());
        return tiles.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no GEMM kernel '" + name + "' at this vector width; there are "
                        + tiles.stream().map(PointwiseConvKernel::name).toList()));
    }

    private PointwiseConvKernel.PackedWeights[] pack(PointwiseConvKernel kernel, SplittableRandom random) {
        PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[groups];
        for (int g = 0; g < groups; g++) {
            float[] w = new float[m * k], bias = new float[m];
            for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
            for (int i = 0; i < m; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
            packed[g] = kernel.pack(w, bias, m, k);
        }
        return packed;
    }

    /** The layer as the planner runs it: every group on its slices. */
    private void run(PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] packed) {
        for (int g = 0; g < groups; g++)
            kernel.run(packed[g], in, g * k, groups * k, out, g * m, groups * m, 0, pixels, true);
    }

    /** Also counts CPU time ({@link CpuClock}): cpuNanos / calls is the cost of a call on a core of its own. */
    @Benchmark
    public float[] grouped(CpuClock clock) {
        long start = clock.now();
        run(gemm, weights);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }
}
