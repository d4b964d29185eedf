package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
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
 * The 1x1 convolutions of ShuffleNet v2 1.0x, single thread, one call over all pixels.
 *
 * <p>{@code shape} is M x K x P: output channels, input channels, pixels (H*W times the batch); the
 * list is the stage shapes at batch 1, the classifier (1000 x 1024 x 1) and the same at batch 8.
 * GFLOP/s = 2*M*K*P / (ns/op). The scalar reference runs one small shape only, for scale. Run:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/shufflenet-cli.jar org.openjdk.jmh.Main
 * PointwiseConv -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 *
 * <p>{@code kernel} is a main tile of {@link VectorPointwiseConv} by its name, which carries the vector
 * width: the defaults are the 512-bit ones. To compare tiles under AVX2 emulation on an AVX-512 machine:
 * {@code -jvmArgsAppend "-XX:UseAVX=2 -Dshufflenet.vectorBits=256" -p
 * vectorKernel=f32-gemm-6x4v-relu-vector256,f32-gemm-6x2v-relu-vector256}. A minmax name
 * ({@code f32-gemm-6x2v-minmax-vector256}) runs the same tile with ReLU6's clamp to [0, 6], for the cost of
 * MobileNet's epilogue beside ReLU's. Results: docs/measurements.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries: the packed weights then start on cache lines in every fork (ArrayAlignment);
// without it each fork gets its own offset in the line and the kernel its own speed (docs/measurements.md).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PointwiseConvBenchmark {

    /** Inputs, packed weights and output of one shape for one kernel. */
    public abstract static class Problem {
        PointwiseConvKernel kernel;
        PointwiseConvKernel.PackedWeights weights;
        /** The kernel's minmax variant, clamping to ReLU6's [0, 6], instead of its ReLU run. */
        boolean relu6;
        float[] in, out;
        int m, k, pixels;

        void prepare(PointwiseConvKernel kernel, String shape) {
            String[] parts = shape.split("x");
            m = Integer.parseInt(parts[0]);
            k = Integer.parseInt(parts[1]);
            pixels = Integer.parseInt(parts[2]);
            SplittableRandom random = new SplittableRandom(42);
            float[] w = new float[m * k], bias = new float[m];
            in = new float[pixels * k];
            out = new float[pixels * m];
            for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
            for (int i = 0; i < bias.length; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
            for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
            this.kernel = kernel;
            this.weights = kernel.pack(w, bias, m, k);
            // Compile every micro-kernel first: a big shape alone can take longer than the warm-up
            // iterations to reach C2 (each call counts once, and interpreted calls take ~1000x longer).
            kernel.warmUp(30_000);
        }

        void run() {
            if (relu6) kernel.run(weights, in, 0, k, out, 0, m, 0, pixels, 0f, 6f);
            else kernel.run(weights, in, 0, k, out, 0, m, 0, pixels, true);
        }
    }

    @State(Scope.Thread)
    public static class VectorProblem extends Problem {
        @Param({"58x24x3136", "58x58x784", "116x116x784", "116x116x196", "232x232x196", "232x232x49",
                "464x464x49", "1024x464x49", "1000x1024x1",
                "58x24x25088", "58x58x6272", "116x116x6272", "116x116x1568", "232x232x1568", "232x232x392",
                "464x464x392", "1024x464x392", "1000x1024x8"})
        public String shape;

        @Param({"f32-gemm-6x4v-relu-vector512", "f32-gemm-6x2v-relu-vector512"})
        public String vectorKernel;

        @Setup
        public void setUp() {
            List<VectorPointwiseConv> tiles = VectorPointwiseConv.tiles();
            relu6 = tiles.stream().anyMatch(t -> t.minmaxName().equals(vectorKernel));
            prepare(tiles.stream().filter(t -> t.name().equals(vectorKernel) || t.minmaxName().equals(vectorKernel))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no GEMM kernel '" + vectorKernel
                            + "' at this vector width; there are " + tiles.stream().map(VectorPointwiseConv::name).toList()
                            + " and their minmax variants")), shape);
        }
    }

    @State(Scope.Thread)
    public static class ScalarProblem extends Problem {
        @Setup
        public void setUp() {
            prepare(new ScalarPointwiseConv(), "58x58x784");
        }
    }

    /** Also counts CPU time ({@link CpuClock}): cpuNanos / calls is the cost of a call on a core of its own. */
    @Benchmark
    public float[] vector(VectorProblem p, CpuClock clock) {
        long start = clock.now();
        p.run();
        clock.cpuNanos += clock.now() - start;
        clock.calls++;
        return p.out;
    }

    @Benchmark
    public float[] scalar58x58x784(ScalarProblem p) {
        p.run();
        return p.out;
    }
}
