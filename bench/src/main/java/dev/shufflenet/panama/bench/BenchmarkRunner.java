package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs this library and ONNX Runtime side by side on the same graphs and inputs, for every (model,
 * batch, threads) of the settings, and reports each engine's latency, the ratio of throughputs and
 * whether the two engines' logits agree. A built-in model reaches ORT as an ONNX file written by
 * {@link ShuffleNet#export}; an ONNX file is given to both engines as it is.
 */
public final class BenchmarkRunner {
    private final BenchSettings settings;
    private final BenchReport report;
    private final OnnxRuntimeAvailability ort;
    private final ModelLoader loader;

    /** How a model name or file becomes a graph (the CLI's is strict or lenient, and prints what it tolerated). */
    @FunctionalInterface
    public interface ModelLoader {
        Graph load(String modelNameOrPath) throws IOException;
    }

    public BenchmarkRunner(BenchSettings settings, BenchReport report, OnnxRuntimeAvailability ort) {
        this(settings, report, ort, ShuffleNet::resolve);
    }

    public BenchmarkRunner(BenchSettings settings, BenchReport report, OnnxRuntimeAvailability ort, ModelLoader loader) {
        this.settings = settings;
        this.report = report;
        this.ort = ort;
        this.loader = loader;
    }

    /** Measures everything, reporting as it goes; returns all measurements. */
    public List<Measurement> run() throws Exception {
        report.header(new BenchHeader(MachineFacts.detect(), ort, settings));
        List<Measurement> all = new ArrayList<>();
        for (String model : settings.models()) {
            Graph graph = loader.load(model);
            boolean builtIn = ShuffleNet.builtInNames().contains(model);
            Path onnx = null;
            try {
                if (ort.available()) {
                    if (builtIn) {
                        onnx = Files.createTempFile("shufflenet-" + model + "-", ".onnx");
                        ShuffleNet.export(graph, onnx);
                    } else {
                        onnx = Path.of(model);
                    }
                }
                for (int batch : settings.batches()) {
                    if (settings.scaling()) {
                        all.addAll(measureScaling(model, graph, onnx, batch));
                    } else {
                        for (int threads : settings.threads()) all.addAll(measure(model, graph, onnx, batch, threads));
                    }
                }
            } finally {
                if (builtIn && onnx != null) deleteQuietly(onnx);
            }
        }
        return all;
    }

    private List<Measurement> measure(String model, Graph graph, Path onnx, int batch, int threads) throws Exception {
        int h = settings.height();
        int w = settings.width();
        float[] input = randomInput(batch * graph.inputChannels() * h * w, settings.seed());
        List<Contender> contenders = new ArrayList<>();
        try {
            // One contender per backend of ours, then ORT: all take turns in the same rounds.
            for (Backend backend : settings.backends())
                contenders.add(new PanamaContender(graph, input, batch, h, w, threads, backend));
            int ours = contenders.size();
            OnnxRuntimeContender peer = onnx == null ? null : openPeer(model, onnx, input,
                    new long[] {batch, graph.inputChannels(), h, w}, threads);
            if (peer != null) contenders.add(peer);

            WarmUp warmup = warmUp(contenders);

            LogitAgreement[] agreements = new LogitAgreement[ours];
            if (peer != null) {
                peer.runOnce();
                for (int i = 0; i < ours; i++) {
                    contenders.get(i).runOnce();
                    agreements[i] = LogitAgreement.of(contenders.get(i).lastOutput(), peer.lastOutput());
                    report.agreement(model, batch, threads, agreements[i]);
                }
            }

            Timed[] timed = timeInRounds(contenders, warmup);
            List<Measurement> results = new ArrayList<>();
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get(i);
                results.add(new Measurement(model, c.engine(), c.backend(), batch, threads, h, w, timed[i].stats(),
                        warmup.calls()[i], null, null, null, timed[i].stability()));
            }
            if (peer != null) {
                double peerRate = results.get(ours).imagesPerSecond();
                for (int i = 0; i < ours; i++)
                    results.set(i, results.get(i).withComparison(results.get(i).imagesPerSecond() / peerRate,
                            agreements[i]));
            }
            // ORT's row first: the reader sees the reference, then ours with the ratio against it.
            if (peer != null) report.measurement(results.get(ours));
            for (int i = 0; i < ours; i++) report.measurement(results.get(i));
            return results;
        } finally {
            for (Contender c : contenders) c.close();
        }
    }

    /**
     * Every thread count of one (model, batch), every backend of ours and ORT, in one alternating run: the
     * speedups are ratios of times taken side by side, so a slow phase of a shared machine lands on every
     * contender alike. Each (engine, backend) gets its speedup over its own fewest-threads time.
     */
    private List<Measurement> measureScaling(String model, Graph graph, Path onnx, int batch) throws Exception {
        int h = settings.height();
        int w = settings.width();
        List<Integer> counts = settings.threads().stream().sorted().toList();
        float[] input = randomInput(batch * graph.inputChannels() * h * w, settings.seed());
        List<Contender> contenders = new ArrayList<>();
        List<Integer> threadsOf = new ArrayList<>();
        List<Integer> peerOf = new ArrayList<>(); // for ours: the index of ORT at the same thread count, or -1
        try {
            for (int t : counts) {
                int first = contenders.size();
                for (Backend backend : settings.backends()) {
                    contenders.add(new PanamaContender(graph, input, batch, h, w, t, backend));
                    threadsOf.add(t);
                    peerOf.add(-1);
                }
                OnnxRuntimeContender peer = onnx == null ? null : openPeer(model, onnx, input,
                        new long[] {batch, graph.inputChannels(), h, w}, t);
                if (peer != null) {
                    for (int i = first; i < contenders.size(); i++) peerOf.set(i, contenders.size());
                    contenders.add(peer);
                    threadsOf.add(t);
                    peerOf.add(-1);
                }
            }
            WarmUp warmup = warmUp(contenders);
            LogitAgreement[] agreements = new LogitAgreement[contenders.size()];
            for (int i = 0; i < contenders.size(); i++) {
                if (peerOf.get(i) < 0) continue;
                Contender peer = contenders.get(peerOf.get(i));
                contenders.get(i).runOnce();
                peer.runOnce();
                agreements[i] = LogitAgreement.of(contenders.get(i).lastOutput(), peer.lastOutput());
                report.agreement(model, batch, threadsOf.get(i), agreements[i]);
            }
            Timed[] timed = timeInRounds(contenders, warmup);
            List<Measurement> results = new ArrayList<>();
            Map<String, Double> fewest = new HashMap<>(); // engine/backend -> images/s at its fewest threads
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get(i);
                Measurement m = new Measurement(model, c.engine(), c.backend(), batch, threadsOf.get(i), h, w,
                        timed[i].stats(), warmup.calls()[i], null, null, null, timed[i].stability());
                double base = fewest.computeIfAbsent(c.engine() + "/" + c.backend(), key -> m.imagesPerSecond());
                results.add(m.withSpeedup(m.imagesPerSecond() / base));
            }
            for (int i = 0; i < results.size(); i++) {
                if (agreements[i] != null)
                    results.set(i, results.get(i).withComparison(
                            results.get(i).imagesPerSecond() / results.get(peerOf.get(i)).imagesPerSecond(),
                            agreements[i]));
            }
            // Per thread count, ORT's row before ours, as in the plain mode.
            for (int t : counts) {
                for (int i = 0; i < results.size(); i++)
                    if (threadsOf.get(i) == t && !(contenders.get(i) instanceof PanamaContender))
                        report.measurement(results.get(i));
                for (int i = 0; i < results.size(); i++)
                    if (threadsOf.get(i) == t && contenders.get(i) instanceof PanamaContender)
                        report.measurement(results.get(i));
            }
            return results;
        } finally {
            for (Contender c : contenders) c.close();
        }
    }

    /** Timed rounds per measurement: the fewest {@link RoundStability} can take a spread of. */
    static final int ROUNDS = 3;

    /** Calls each contender made while warming up, and whether its two warm-up rounds' medians agreed. */
    private record WarmUp(int[] calls, boolean[] settled) {}

    /** One contender's timed rounds: latency over all their calls, and how much the rounds agree. */
    private record Timed(LatencyStats stats, RoundStability stability) {}

    /**
     * The warm-up in two rounds of half the warm-up time each, engines taking turns: settled, as in the paper
     * report, when the second round's median is within {@link RoundStability#SETTLE} of the first's.
     */
    private WarmUp warmUp(List<Contender> contenders) throws Exception {
        int n = contenders.size();
        int[] calls = new int[n];
        boolean[] settled = new boolean[n];
        if (settings.warmupSeconds() <= 0) return new WarmUp(calls, settled);
        long half = seconds(settings.warmupSeconds() / 2), block = seconds(settings.blockSeconds());
        TimingSamples[] first = InterleavedTimer.run(contenders, half, block);
        TimingSamples[] second = InterleavedTimer.run(contenders, half, block);
        for (int i = 0; i < n; i++) {
            calls[i] = first[i].count() + second[i].count();
            settled[i] = RoundStability.settled(new double[] {RoundStability.median(first[i].toArray())},
                    new double[] {RoundStability.median(second[i].toArray())});
        }
        return new WarmUp(calls, settled);
    }

    /** {@link #ROUNDS} rounds sharing the timed seconds, engines taking turns within each. */
    private Timed[] timeInRounds(List<Contender> contenders, WarmUp warmup) throws Exception {
        int n = contenders.size();
        List<List<long[]>> rounds = new ArrayList<>();
        for (int i = 0; i < n; i++) rounds.add(new ArrayList<>());
        long round = seconds(settings.seconds() / ROUNDS), block = seconds(settings.blockSeconds());
        for (int r = 0; r < ROUNDS; r++) {
            TimingSamples[] s = InterleavedTimer.run(contenders, round, block);
            for (int i = 0; i < n; i++) rounds.get(i).add(s[i].toArray());
        }
        Timed[] out = new Timed[n];
        for (int i = 0; i < n; i++) {
            long[] all = rounds.get(i).stream().flatMapToLong(java.util.Arrays::stream).toArray();
            out[i] = new Timed(LatencyStats.of(all, all.length), RoundStability.of(rounds.get(i), warmup.settled()[i]));
        }
        return out;
    }

    /** ORT on this configuration, or null with a note when ORT cannot run it (e.g. a fixed batch in the file). */
    private OnnxRuntimeContender openPeer(String model, Path onnx, float[] input, long[] shape, int threads) {
        try {
            return new OnnxRuntimeContender(ort.environment(), onnx, input, shape, threads);
        } catch (Exception e) {
            report.note("ONNX Runtime cannot run " + model + " at batch " + shape[0] + ", " + shape[2] + "x" + shape[3]
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); timing shufflenet-panama only");
            return null;
        }
    }

    /** Uniform in [-1, 1): about the range of ImageNet-normalized pixels, and the same for both engines. */
    static float[] randomInput(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        return x;
    }

    private static long seconds(double s) {
        return (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file left behind is harmless; the benchmark's results are not affected
        }
    }
}
