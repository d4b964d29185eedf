package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.bench.BenchReport;
import dev.shufflenet.panama.bench.BenchSettings;
import dev.shufflenet.panama.bench.BenchmarkRunner;
import dev.shufflenet.panama.bench.JsonLinesBenchReport;
import dev.shufflenet.panama.bench.LogitAgreement;
import dev.shufflenet.panama.bench.Measurement;
import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bench.TextBenchReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
    /** Exit code when the engines' logits disagree beyond --tolerance. */
    static final int DISAGREE = 3;

    @Option(names = {"--model", "--arch"}, split = ",", paramLabel = "MODEL",
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

    @Option(names = "--backend", split = ",", defaultValue = "auto", converter = BackendConverter.class,
            paramLabel = "B", description = "Our GEMM backend: java, openblas, acl or auto; several (java,openblas)"
                    + " are timed side by side in one alternating run, each against ONNX Runtime"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Backend> backends;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "Warm-up per engine and configuration; C2 needs seconds for Vector API code"
                    + " (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Timed seconds per engine and configuration (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Mixin
    InputSizeOptions size;

    @Option(names = "--tolerance", defaultValue = "1e-3", paramLabel = "REL",
            description = "Largest max|ours - ORT| / max|ORT| of the logits that counts as agreeing; beyond it the"
                    + " command exits with code " + BenchCommand.DISAGREE + " (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scaling", description = "Time every --threads count of a model and batch in one alternating"
            + " run (both engines) and print each engine's speedup over its fewest threads: scaling as a ratio"
            + " from one run, not across runs.")
    boolean scaling;

    @Option(names = "--json", description = "One JSON object per measurement per line on stdout; the rest on stderr.")
    boolean json;

    @Mixin
    LenientOption lenientOption;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        List<String> chosen = models == null || models.isEmpty() ? BenchSettings.DEFAULT_MODELS : models;
        for (String m : chosen) ModelArgument.check(cl, "--model", m);
        for (int b : batches) if (b <= 0) throw new CommandLine.ParameterException(cl, "--batch sizes must be positive, found " + b);
        int[] given = size.given(cl);
        int height = given != null ? given[0] : dev.shufflenet.panama.CompileOptions.DEFAULT_SIZE;
        int width = given != null ? given[1] : dev.shufflenet.panama.CompileOptions.DEFAULT_SIZE;
        if (!(tolerance >= 0)) throw new CommandLine.ParameterException(cl, "--tolerance must be >= 0, found " + tolerance);
        if (!(warmupSeconds >= 0) || !(seconds > 0))
            throw new CommandLine.ParameterException(cl, "--warmup-seconds must be >= 0 and --seconds > 0, found "
                    + warmupSeconds + " and " + seconds);
        BenchSettings settings = new BenchSettings(distinct(chosen), distinct(batches), distinct(threads),
                distinct(backends), height, width, warmupSeconds, seconds, seed, scaling);
        if (settings.backends().contains(dev.shufflenet.panama.Backend.AUTO))
            FreshJvmCalibration.run("bench", settings.models(), new int[] {height, width},
                    java.util.Collections.max(settings.batches()), lenientOption.lenient, cl.getErr());
        BenchReport report = json ? new JsonLinesBenchReport(cl.getOut(), cl.getErr())
                : new TextBenchReport(cl.getOut(), cl.getErr());
        List<Measurement> results = new BenchmarkRunner(settings, report, OnnxRuntimeAvailability.load(),
                m -> ModelArgument.resolve(cl, "--model", m, lenientOption.lenient)).run();
        int disagreements = 0;
        for (Measurement m : results) {
            LogitAgreement a = m.agreement();
            if (a != null && !(a.relative() <= tolerance)) { // NaN disagrees too
                disagreements++;
                cl.getErr().printf(java.util.Locale.ROOT, "shufflenet bench: %s, batch %d, %d threads: the logits of"
                        + " shufflenet-panama (backend %s) and ONNX Runtime disagree: max|diff| / max|ORT| = %.3g > --tolerance %.3g%n",
                        m.model(), m.batch(), m.threads(), m.backend(), a.relative(), tolerance);
            }
        }
        cl.getErr().flush();
        return disagreements == 0 ? 0 : DISAGREE;
    }

    /** "1,all" on a one-core machine is [1, 1]: measure it once. */
    private static <T> List<T> distinct(List<T> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }
}
