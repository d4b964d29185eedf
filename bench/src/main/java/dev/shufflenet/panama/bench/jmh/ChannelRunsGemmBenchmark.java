package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;
import dev.shufflenet.panama.kernels.shuffle.VectorChannelShuffle;
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
 * ShuffleNet v1's second grouped 1x1 conv with the g-group channel shuffle before it, two ways:
 * {@code shuffleThenGemm} runs the shuffle pass into a new tensor, then one plain GEMM per group;
 * {@code gemmReadsRuns} skips the pass and lets each group's GEMM read its shuffled channels through
 * {@link ChannelRuns} (g runs per group). {@code gemmPlain} is the GEMMs alone, for the cost of the runs.
 *
 * <p>{@code shape} is groups x M x K x P for the whole conv (per group M/g x K/g), from v1-g3-1.0 (stages
 * 2, 3, 4) and v1-g8-1.0 (stage 2). Run: {@code java --add-modules=jdk.incubator.vector -cp
 * bench/target/shufflenet-cli.jar org.openjdk.jmh.Main ChannelRunsGemm -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Objects on 64-byte boundaries: the packed weights then start on cache lines in every fork (ArrayAlignment);
// without it each fork gets its own offset in the line and the kernel its own speed (docs/measurements.md).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChannelRunsGemmBenchmark {

    @State(Scope.Thread)
    public static class Problem {
        @Param({"3x240x60x784", "3x480x120x196", "3x960x240x49", "8x384x96x784", "3x192x60x784", "8x512x96x784"})
        public String shape;

        final VectorPointwiseConv gemm = new VectorPointwiseConv();
        final ChannelShuffleKernel shuffle = new VectorChannelShuffle();
        PointwiseConvKernel.PackedWeights[] plain, reordered;
        ChannelRuns[] runs;
        float[] in, shuffled, out;
        int groups, m, k, pixels;

        @Setup
        public void setUp() {
            String[] parts = shape.split("x");
            groups = Integer.parseInt(parts[0]);
            m = Integer.parseInt(parts[1]);
            k = Integer.parseInt(parts[2]);
            pixels = Integer.parseInt(parts[3]);
            int mg = m / groups, kg = k / groups;
            SplittableRandom random = new SplittableRandom(42);
            in = new float[pixels * k];
            shuffled = new float[pixels * k];
            out = new float[pixels * m];
            for (int i = 0; i < in.length; i++) in[i] = (float) random.nextDouble(-1, 1);
            plain = new PointwiseConvKernel.PackedWeights[groups];
            reordered = new PointwiseConvKernel.PackedWeights[groups];
            runs = new ChannelRuns[groups];
            for (int g = 0; g < groups; g++) {
                float[] w = new float[mg * kg], bias = new float[mg];
                for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
                plain[g] = gemm.pack(w, bias, mg, kg);
                // Shuffled channel s sits at (s % groups) * kg + s / groups before the shuffle.
                int[] positions = new int[kg];
                for (int t = 0; t < kg; t++) {
                    int s = g * kg + t;
                    positions[t] = (s % groups) * kg + s / groups;
                }
                ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(positions);
                runs[g] = sorted.runs();
                reordered[g] = gemm.pack(sorted.reorderColumns(w, mg), bias, mg, kg);
            }
            gemm.warmUp(30_000);
        }
    }

    @Benchmark
    public float[] shuffleThenGemm(Problem p) {
        p.shuffle.shuffle(p.k, p.groups, p.in, 0, p.k, p.shuffled, 0, p.k, 0, p.pixels);
        int mg = p.m / p.groups, kg = p.k / p.groups;
        for (int g = 0; g < p.groups; g++)
            p.gemm.run(p.plain[g], p.shuffled, g * kg, p.k, p.out, g * mg, p.m, 0, p.pixels, false);
        return p.out;
    }

    @Benchmark
    public float[] gemmReadsRuns(Problem p) {
        int mg = p.m / p.groups;
        for (int g = 0; g < p.groups; g++)
            p.gemm.run(p.reordered[g], p.runs[g], p.in, 0, p.k, p.out, g * mg, p.m, 0, p.pixels, false);
        return p.out;
    }

    @Benchmark
    public float[] gemmPlain(Problem p) {
        int mg = p.m / p.groups, kg = p.k / p.groups;
        for (int g = 0; g < p.groups; g++)
            p.gemm.run(p.plain[g], p.in, g * kg, p.k, p.out, g * mg, p.m, 0, p.pixels, false);
        return p.out;
    }
}
