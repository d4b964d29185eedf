package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
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
 * The end of a ShuffleNet v1 stride-1 unit, out = relu(x + GConv1x1(branch)), three ways on the same arrays:
 * {@code gemmThenAddRelu} runs the grouped 1x1 conv into a branch tensor, then the elementwise add + ReLU
 * pass over it and x (the plan before the residual epilogue); {@code gemmAddRelu} runs each group with the
 * add and ReLU in its epilogue ({@link PointwiseConvKernel#runAddRelu}: {@code f32-gemm-6x2v-addrelu-*}
 * for {@code kernel=vector}, {@code f32-gemm-openblas-wt-postbias-addrelu} for {@code kernel=openblas}, where
 * the add joins the bias pass after sgemm); {@code groupsAddRelu} hands all groups to the kernel in one call
 * ({@link PointwiseConvKernel#runGroupsAddRelu}, what the runtime calls since session 13): the vector kernel
 * runs every group over a band of pixels, then adds the residual over the band's whole rows; OpenBLAS makes the
 * per-group calls of {@code gemmAddRelu}.
 *
 * <p>{@code shape} is groups x M x K x P for the whole conv (per group M/g x K/g): the second grouped conv
 * of v1-g3-1.0's stages 2, 3, 4, of v1-g3-2.0's and of v1-g8-1.0's stages 2 and 3 at 224 x 224, batch 1. Each iteration also reports the
 * thread's CPU time ({@code cpuNanos}) and call count ({@code calls}), whose ratio holds better than wall
 * time on a shared machine ({@link CpuClock}). Run: {@code java --add-modules=jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main PointwiseAddRelu
 * -f 1 -wi 8 -w 2s -i 5 -r 2s} (under load, fewer warm-up iterations leave the fused tiles interpreted:
 * C2 is starved too, and a run with 3 warm-up seconds measured the interpreter).
 *
 * <p>Measured (session 4, 2-core AVX2 EPYC VM at load average 20-34 from other jobs, so only the CPU-time
 * ratio means much; {@code -wi 8 -w 2s -i 5 -r 2s}, CPU us per call, unfused / fused):
 * <ul>
 *   <li>vector, 3x960x240x49: 297 / 248 (1.20x); 3x240x60x784: 587 / 695 (0.84x, its measurement iterations
 *       still drifting from 8.5 to 17 ms wall: not settled).</li>
 *   <li>openblas ({@code -wi 3 -w 3s -i 4 -r 2s}): 3x240x60x784 482 / 442, 3x960x240x49 296 / 303,
 *       3x480x120x784 2159 / 2197, 3x960x240x196 1197 / 1093 (0.98-1.10x).</li>
 * </ul>
 * In whole models ({@code bin/shufflenet profile}, same load): v1-g3-1.0 (OpenBLAS for every GEMM) 13.16 ->
 * 12.47 ms, the 13 add + ReLU passes (549 us) gone and the GEMMs unchanged (10110 -> 10075 us); v1-g3-2.0
 * (Java GEMMs), stride-1 units' conv + add against the fused step, normalised by the unchanged first grouped
 * convs of the same runs: 0.80x and 0.86x in two alternating pairs of runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries: the packed weights then start on cache lines in every fork (ArrayAlignment).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PointwiseAddReluBenchmark {
    @Param({"3x240x60x784", "3x480x120x196", "3x960x240x49", "3x480x120x784", "3x960x240x196", "3x1920x480x49",
            "8x384x96x784", "8x768x192x196"})
    public String shape;

    @Param({"vector", "openblas"})
    public String kernel;

    private PointwiseConvKernel conv;
    private final ElementwiseKernel elementwise = KernelRegistry.best().elementwise();
    private PointwiseConvKernel.PackedWeights[] groups;
    private float[] in, residual, branch, out;
    private int g, m, k, pixels;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        g = Integer.parseInt(parts[0]);
        m = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        pixels = Integer.parseInt(parts[3]);
        conv = switch (kernel) {
            case "vector" -> new VectorPointwiseConv();
            case "openblas" -> new OpenBlasPointwiseConv(OpenBlasLibrary.require());
            default -> throw new IllegalArgumentException("kernel must be vector or openblas, found '" + kernel + "'");
        };
        int mg = m / g, kg = k / g;
        SplittableRandom random = new SplittableRandom(42);
        in = new float[pixels * k];
        residual = new float[pixels * m];
        branch = new float[pixels * m];
        out = new float[pixels * m];
        for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
        for (int i = 0; i < residual.length; i++) residual[i] = (float) random.nextDouble(-1, 1);
        groups = new PointwiseConvKernel.PackedWeights[g];
        for (int i = 0; i < g; i++) {
            float[] w = new float[mg * kg], bias = new float[mg];
            for (int j = 0; j < w.length; j++) w[j] = (float) random.nextDouble(-0.5, 0.5);
            for (int j = 0; j < bias.length; j++) bias[j] = (float) random.nextDouble(-0.5, 0.5);
            groups[i] = conv.pack(w, bias, mg, kg);
        }
        conv.warmUp(30_000);
    }

    @Benchmark
    public float[] gemmThenAddRelu(CpuClock clock) {
        long start = clock.now();
        int mg = m / g, kg = k / g;
        for (int i = 0; i < g; i++)
            conv.run(groups[i], in, i * kg, k, branch, i * mg, m, 0, pixels, false);
        elementwise.add(m, residual, 0, m, branch, 0, m, out, 0, m, 0, pixels, true);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }

    /** All groups in one call ({@link PointwiseConvKernel#runGroupsAddRelu}): the vector kernel's pixel bands. */
    @Benchmark
    public float[] groupsAddRelu(CpuClock clock) {
        long start = clock.now();
        conv.runGroupsAddRelu(groups, null, in, 0, k, residual, 0, m, out, 0, m, 0, pixels);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }

    @Benchmark
    public float[] gemmAddRelu(CpuClock clock) {
        long start = clock.now();
        int mg = m / g, kg = k / g;
        for (int i = 0; i < g; i++)
            conv.runAddRelu(groups[i], in, i * kg, k, residual, i * mg, m, out, i * mg, m, 0, pixels);
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return out;
    }
}
