package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.bench.BenchReport;
import dev.shufflenet.panama.bench.BenchSettings;
import dev.shufflenet.panama.bench.BenchmarkRunner;
import dev.shufflenet.panama.bench.JsonLinesBenchReport;
import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bench.TextBenchReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** This library against ONNX Runtime, same graphs, same inputs, interleaved in one process. */
@Command(name = "bench", sortOptions = false,
        description = {"Benchmark this runtime against ONNX Runtime (Java, CPU provider) on the same models and inputs.",
                "Every model x batch x threads is timed for both engines in alternating turns, after checking that"
                        + " both give the same logits. Takes about (warm-up + seconds) x 2 engines per configuration."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", split = ",", paramLabel = "MODEL",
            description = "Built-in names or ONNX files; repeat or separate with commas"
                    + " (default: v2-0.5,v2-1.0,v2-1.5,v2-2.0).")
    List<String> models;

    @Option(names = "--batch", split = ",", defaultValue = "1,8", paramLabel = "N",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--threads", split = ",", defaultValue = "1,all", paramLabel = "T",
            converter = ThreadCountConverter.class,
            description = "Thread counts; 'all' = every core (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "Our GEMM backend: java, openblas, acl or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "Warm-up per engine and configuration; C2 needs seconds for Vector API code"
                    + " (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Timed seconds per engine and configuration (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--height", defaultValue = "224", description = "Input height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--width", defaultValue = "224", description = "Input width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scaling", description = "Time every --threads count of a model and batch in one alternating"
            + " run (both engines) and print each engine's speedup over its fewest threads: scaling as a ratio"
            + " from one run, not across runs.")
    boolean scaling;

    @Option(names = "--json", description = "One JSON object per measurement per line on stdout; the rest on stderr.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        List<String> chosen = models == null || models.isEmpty() ? BenchSettings.DEFAULT_MODELS : models;
        for (String m : chosen) ModelArgument.check(cl, "--model", m);
        for (int b : batches) if (b <= 0) throw new CommandLine.ParameterException(cl, "--batch sizes must be positive, found " + b);
        if (height <= 0 || width <= 0)
            throw new CommandLine.ParameterException(cl, "--height and --width must be positive, found " + height + "x" + width);
        if (!(warmupSeconds >= 0) || !(seconds > 0))
            throw new CommandLine.ParameterException(cl, "--warmup-seconds must be >= 0 and --seconds > 0, found "
                    + warmupSeconds + " and " + seconds);
        BenchSettings settings = new BenchSettings(distinct(chosen), distinct(batches), distinct(threads), backend,
                height, width, warmupSeconds, seconds, seed, scaling);
        BenchReport report = json ? new JsonLinesBenchReport(cl.getOut(), cl.getErr())
                : new TextBenchReport(cl.getOut(), cl.getErr());
        new BenchmarkRunner(settings, report, OnnxRuntimeAvailability.load()).run();
        return 0;
    }

    /** "1,all" on a one-core machine is [1, 1]: measure it once. */
    private static <T> List<T> distinct(List<T> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }
}
