package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times one cell of a paper experiment: this runtime and ONNX Runtime on the same graph (ORT reads its ONNX
 * export) and the same input, in rounds where the engines take turns. Warm-up rounds run until the per-round
 * median of every engine moves less than {@link #SETTLE} between two rounds (at most {@code maxWarmupRounds});
 * then {@code rounds} timed rounds. The round medians' spread says whether the cell is trustworthy.
 */
public final class PaperCellRunner {
    /** Largest relative change of an engine's round median between two warm-up rounds that counts as settled. */
    public static final double SETTLE = RoundStability.SETTLE;
    /** Largest coefficient of variation of the timed rounds' medians of a stable cell. */
    public static final double STABLE_CV = RoundStability.STABLE_CV;

    private final OnnxRuntimeAvailability ort;
    private final Backend backend;
    private final double roundSeconds;
    private final int rounds;
    private final int maxWarmupRounds;

    public PaperCellRunner(OnnxRuntimeAvailability ort, Backend backend, double roundSeconds, int rounds,
                           int maxWarmupRounds) {
        if (!(roundSeconds > 0)) throw new IllegalArgumentException("round seconds must be > 0, found " + roundSeconds);
        if (rounds < 3) throw new IllegalArgumentException("need at least 3 timed rounds, found " + rounds);
        if (maxWarmupRounds < 2) throw new IllegalArgumentException("need at least 2 warm-up rounds, found " + maxWarmupRounds);
        this.ort = ort;
        this.backend = backend;
        this.roundSeconds = roundSeconds;
        this.rounds = rounds;
        this.maxWarmupRounds = maxWarmupRounds;
    }

    /** Seconds one cell takes at most (two engines), for the up-front estimate. */
    public double maxSecondsPerCell() {
        return (rounds + maxWarmupRounds) * roundSeconds * (ort.available() ? 2 : 1);
    }

    /** Seconds one cell takes when warm-up settles after two rounds. */
    public double typicalSecondsPerCell() {
        return (rounds + 2) * roundSeconds * (ort.available() ? 2 : 1);
    }

    /** Ours first, then ONNX Runtime's when it is available (and accepts the graph: else its failure is thrown). */
    public List<RoundedTiming> run(Graph graph, int batch, int threads, int height, int width, long seed)
            throws Exception {
        float[] input = BenchmarkRunner.randomInput(batch * graph.inputChannels() * height * width, seed);
        List<Contender> contenders = new ArrayList<>();
        Path onnx = null;
        try {
            contenders.add(new PanamaContender(graph, input, batch, height, width, threads, backend));
            if (ort.available()) {
                onnx = Files.createTempFile("shufflenet-paper-", ".onnx");
                ShuffleNet.export(graph, onnx);
                contenders.add(new OnnxRuntimeContender(ort.environment(), onnx, input,
                        new long[] {batch, graph.inputChannels(), height, width}, threads));
            }
            int n = contenders.size();
            long roundNanos = (long) (roundSeconds * TimeUnit.SECONDS.toNanos(1));
            long blockNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(TimeUnit.MILLISECONDS.toNanos(250),
                    roundNanos / 4));
            double[] previous = null;
            int warmup = 0;
            boolean settled = false;
            while (warmup < maxWarmupRounds && !settled) {
                TimingSamples[] s = InterleavedTimer.run(contenders, roundNanos, blockNanos);
                double[] medians = new double[n];
                for (int i = 0; i < n; i++) medians[i] = RoundedTiming.median(s[i].toArray());
                if (previous != null) settled = RoundStability.settled(previous, medians);
                previous = medians;
                warmup++;
            }
            List<List<long[]>> timed = new ArrayList<>();
            for (int i = 0; i < n; i++) timed.add(new ArrayList<>());
            for (int r = 0; r < rounds; r++) {
                TimingSamples[] s = InterleavedTimer.run(contenders, roundNanos, blockNanos);
                for (int i = 0; i < n; i++) timed.get(i).add(s[i].toArray());
            }
            List<RoundedTiming> out = new ArrayList<>();
            for (int i = 0; i < n; i++)
                out.add(RoundedTiming.of(contenders.get(i).engine(), contenders.get(i).backend(), timed.get(i),
                        warmup, settled));
            return out;
        } finally {
            for (Contender c : contenders) c.close();
            if (onnx != null) deleteQuietly(onnx);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }
}
