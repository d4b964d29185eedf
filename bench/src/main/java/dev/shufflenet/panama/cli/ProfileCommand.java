package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.StepTime;
import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bench.OnnxRuntimeNodeProfile;
import dev.shufflenet.panama.graph.Graph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Where one inference spends its time: every planned step timed on its own, on one thread, as medians
 * over many runs, then the totals per kernel; with {@code --onnxruntime}, ONNX Runtime's own profile of the
 * same graph next (its nodes' medians and totals per operator), so that where the peer is ahead shows
 * layer by layer in one window of time. A profile, not a benchmark (the timer calls between steps add
 * overhead): use {@code bench} for speed claims.
 */
@Command(name = "profile", sortOptions = false,
        description = {"Time every step of one inference on one thread (medians) and sum them per kernel.",
                "For finding what to optimize; speed claims come from 'bench'."})
final class ProfileCommand implements Callable<Integer> {

    @Option(names = {"--model", "--arch"}, required = true, paramLabel = "MODEL",
            description = "Built-in model name (e.g. v1-g3-1.0) or ONNX file.")
    String model;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N", description = "Images per run (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    InputSizeOptions size;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "GEMM backend: java, openblas, acl or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--warmup-runs", defaultValue = "200", paramLabel = "R",
            description = "Untimed runs first, so that the JIT has compiled the kernels: at least this many"
                    + " (default: ${DEFAULT-VALUE}) ...")
    int warmupRuns;

    /*
     * Why a time as well as a count: C2 compiles a method after thousands of calls or loop iterations, and on a
     * busy 2-core machine its queue delays that further; a step called once per run (the global pool, the FC
     * layer) was still in pre-C2 code after 200 runs of a 1.3 ms model (v1-g3-0.5: 64 us against 1.4 us after
     * 3000 runs, the FC 98 against 35; docs/measurements.md, session 14), so the profile blamed the wrong steps.
     */
    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "... and for at least this long (default: ${DEFAULT-VALUE}; the warm-up of 'bench').")
    double warmupSeconds;

    @Option(names = "--runs", defaultValue = "200", paramLabel = "R",
            description = "Timed runs; each step reports its median (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--top", defaultValue = "25", paramLabel = "K",
            description = "How many of the slowest steps to list; 0 lists all in plan order (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--onnxruntime", description = "Then profile ONNX Runtime on the same graph (its own profiler,"
            + " one thread, the same input, warm-up and runs): its nodes' medians and the totals per operator.")
    boolean onnxRuntime;

    /** Warm-up runs between two looks at the clock. */
    private static final int WARMUP_ROUND = 10;
    /** A bound on --warmup-seconds, so that a typo cannot hold the command for hours. */
    private static final int MAX_WARMUP_SECONDS = 600;

    /** From --size, else the model's own. */
    int height;
    int width;

    @Mixin
    LenientOption lenientOption;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (batch <= 0) throw new CommandLine.ParameterException(cl, "--batch must be positive, found " + batch);
        if (runs <= 0) throw new CommandLine.ParameterException(cl, "--runs must be positive, found " + runs);
        if (warmupRuns < 0) throw new CommandLine.ParameterException(cl, "--warmup-runs must not be negative");
        if (!(warmupSeconds >= 0) || warmupSeconds > MAX_WARMUP_SECONDS)
            throw new CommandLine.ParameterException(cl, "--warmup-seconds must be between 0 and " + MAX_WARMUP_SECONDS
                    + ", found " + warmupSeconds);
        if (top < 0) throw new CommandLine.ParameterException(cl, "--top must not be negative, found " + top);
        Graph graph = ModelArgument.resolve(cl, "--model", model, lenientOption.lenient);
        int[] hw = size.resolve(cl, graph);
        if (backend == Backend.AUTO)
            FreshJvmCalibration.run("profile", List.of(model), hw, batch, lenientOption.lenient, cl.getErr());
        height = hw[0];
        width = hw[1];
        float[] input = new float[batch * graph.inputChannels() * height * width];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < input.length; i++) input[i] = (float) random.nextDouble(-1, 1);
        List<StepTime> times;
        try (CompiledModel m = CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(height, width)
                .withMaxBatch(batch).withThreads(1).withBackend(backend))) {
            warmUp(m, input);
            times = m.profile(input, batch, runs);
        }
        print(cl.getOut(), times);
        cl.getOut().printf(Locale.ROOT, "(after a warm-up of %d runs in %.1f s, then %d timed runs)%n", warmedRuns,
                warmedNanos / 1e9, runs);
        if (onnxRuntime) profileOnnxRuntime(cl, graph, input);
        return 0;
    }

    /** At least --warmup-runs runs and --warmup-seconds of them, in rounds of the profiled path itself. */
    private void warmUp(CompiledModel m, float[] input) {
        long start = System.nanoTime(), deadline = start + (long) (warmupSeconds * 1e9);
        int done = 0;
        while (done < warmupRuns || System.nanoTime() - deadline < 0) {
            int round = warmupRuns > done ? Math.min(WARMUP_ROUND, warmupRuns - done) : WARMUP_ROUND;
            m.profile(input, batch, round);
            done += round;
        }
        warmedRuns = done;
        warmedNanos = System.nanoTime() - start;
    }

    /** What {@link #warmUp} did, for the report. */
    private int warmedRuns;
    private long warmedNanos;

    private void profileOnnxRuntime(CommandLine cl, Graph graph, float[] input) {
        PrintWriter out = cl.getOut();
        OnnxRuntimeAvailability ort = OnnxRuntimeAvailability.load();
        if (!ort.available()) {
            out.printf(Locale.ROOT, "%nONNX Runtime: not profiled, it did not load (%s)%n", ort.unavailableReason());
            out.flush();
            return;
        }
        boolean builtIn = ShuffleNet.builtInNames().contains(model);
        Path onnx = null;
        try {
            onnx = builtIn ? Files.createTempFile("shufflenet-" + model + "-", ".onnx") : Path.of(model);
            if (builtIn) ShuffleNet.export(graph, onnx);
            List<OnnxRuntimeNodeProfile.NodeTime> nodes = OnnxRuntimeNodeProfile.profile(ort.environment(), onnx,
                    input, new long[] {batch, graph.inputChannels(), height, width}, warmupRuns, runs);
            printPeer(out, ort.version(), nodes);
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(cl, "ONNX Runtime's profile of " + model + " failed: " + e.getMessage(), e);
        } finally {
            if (builtIn && onnx != null) {
                try {
                    Files.deleteIfExists(onnx);
                } catch (java.io.IOException ignored) {
                    // a temporary export left behind
                }
            }
        }
    }

    private void printPeer(PrintWriter out, String version, List<OnnxRuntimeNodeProfile.NodeTime> nodes) {
        long total = 0;
        for (OnnxRuntimeNodeProfile.NodeTime n : nodes) total += n.medianNanos();
        out.printf(Locale.ROOT, "%nONNX Runtime %s on the same graph (its optimized one), batch %d, one thread: %d nodes,"
                + " sum of node medians %.3f ms%n", version, batch, nodes.size(), total / 1e6);
        List<OnnxRuntimeNodeProfile.NodeTime> rows = listed(out, nodes, OnnxRuntimeNodeProfile.NodeTime::medianNanos,
                "nodes", "run");
        out.printf(Locale.ROOT, "  %10s %6s  %-14s %s%n", "us", "%", "op", "node");
        for (OnnxRuntimeNodeProfile.NodeTime n : rows)
            out.printf(Locale.ROOT, "  %10.1f %6.1f  %-14s %s%n", n.medianNanos() / 1e3, 100.0 * n.medianNanos() / total,
                    n.op(), n.node());
        Map<String, long[]> perOp = new LinkedHashMap<>();
        for (OnnxRuntimeNodeProfile.NodeTime n : nodes) add(perOp, n.op(), n.medianNanos());
        printTotals(out, "per operator", "nodes", "op", perOp, total);
    }

    /**
     * The rows to list, with their heading: the --top slowest, or (--top 0) all in the given order ("steps in
     * plan order", "nodes in run order").
     */
    private <T> List<T> listed(PrintWriter out, List<T> all, java.util.function.ToLongFunction<T> nanos, String what,
                               String order) {
        if (top == 0) {
            out.printf(Locale.ROOT, "%n%s in %s order:%n", what, order);
            return all;
        }
        List<T> rows = new ArrayList<>(all);
        rows.sort((a, b) -> Long.compare(nanos.applyAsLong(b), nanos.applyAsLong(a)));
        if (rows.size() > top) rows = rows.subList(0, top);
        out.printf(Locale.ROOT, "%nslowest %d %s:%n", rows.size(), what);
        return rows;
    }

    /** Adds one step's or node's median to its group's [nanoseconds, count]. */
    private static void add(Map<String, long[]> groups, String key, long nanos) {
        long[] acc = groups.computeIfAbsent(key, k -> new long[2]);
        acc[0] += nanos;
        acc[1]++;
    }

    /** The groups, slowest first: time, share of {@code total}, how many, name. */
    private static void printTotals(PrintWriter out, String title, String countLabel, String nameLabel,
                                    Map<String, long[]> groups, long total) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        out.printf(Locale.ROOT, "%n%s:%n  %10s %6s %6s  %s%n", title, "us", "%", countLabel, nameLabel);
        for (Map.Entry<String, long[]> e : sorted)
            out.printf(Locale.ROOT, "  %10.1f %6.1f %6d  %s%n", e.getValue()[0] / 1e3, 100.0 * e.getValue()[0] / total,
                    e.getValue()[1], e.getKey());
        out.flush();
    }

    private void print(PrintWriter out, List<StepTime> times) {
        long total = 0;
        for (StepTime t : times) total += t.medianNanos();
        out.printf(Locale.ROOT, "%s, batch %d, %dx%d, backend %s: %d steps, sum of step medians %.3f ms%n",
                model, batch, height, width, backend.name().toLowerCase(Locale.ROOT), times.size(), total / 1e6);
        List<StepTime> rows = listed(out, times, StepTime::medianNanos, "steps", "plan");
        out.printf(Locale.ROOT, "  %10s %6s  %-40s %s%n", "us", "%", "step", "kernel");
        for (StepTime t : rows)
            out.printf(Locale.ROOT, "  %10.1f %6.1f  %-40s %s%n", t.medianNanos() / 1e3, 100.0 * t.medianNanos() / total,
                    t.step().name(), t.step().kernelLabel());
        Map<String, long[]> perKernel = new LinkedHashMap<>();
        for (StepTime t : times) add(perKernel, t.step().kernelLabel(), t.medianNanos());
        printTotals(out, "per kernel", "steps", "kernel", perKernel, total);
    }
}
