package dev.shufflenet.panama.cli;

import com.google.gson.Gson;
import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.bench.FirstRun;
import dev.shufflenet.panama.bench.FirstRunProbe;
import dev.shufflenet.panama.bench.FirstRunTable;
import dev.shufflenet.panama.bench.FreshJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * First inference in fresh JVMs: a command of its own rather than a mode of {@code bench}, because it
 * needs a new JVM per measurement and one engine per JVM (bench times both engines, warm, in one
 * process). Each measurement is a child JVM started with this JVM's options (so an AOT cache the launcher
 * uses applies to the children too); the children of the engines take turns, so a busy phase of a shared
 * machine falls on every engine alike.
 */
@Command(name = "startup", sortOptions = false,
        description = {"First inference: JVM start to compiled model, to the first logits and to the steady state,"
                + " for this runtime (without and with the warm-up inside compile) and ONNX Runtime (session"
                + " creation, first run), each in fresh JVMs; medians over --repeat JVMs.",
                "Both engines start from the same ONNX file (a built-in model is exported to one first)."})
final class StartupCommand implements Callable<Integer> {
    @Option(names = {"--model", "--arch"}, split = ",", paramLabel = "MODEL", defaultValue = "v2-1.0,v2-0.5",
            description = "Built-in names or ONNX files (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--engine", split = ",", paramLabel = "E", defaultValue = "panama,panama-warmup,onnxruntime",
            description = "panama (no warm-up in compile), panama-warmup (WarmUp.untilSteady() in compile),"
                    + " onnxruntime (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "N",
            description = "Fresh JVMs per model and engine (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S",
            description = "Seconds each JVM keeps running after its first inference; the steady state is the"
                    + " median of the last third (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", defaultValue = "1", converter = ThreadCountConverter.class,
            description = "Threads of both engines (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "Our GEMM backend (default: ${DEFAULT-VALUE}; auto calibrates in the first JVM that"
                    + " meets a shape, then reads the machine's profile).")
    Backend backend;

    @Option(names = "--json", description = "One JSON object per fresh JVM per line on stdout, no table.")
    boolean json;

    /** In a child JVM: measure this engine on this ONNX file once and print one JSON line. */
    @Option(names = "--child", hidden = true, paramLabel = "ONNX")
    Path child;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    private static final int MAX_RUNS = 100_000;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (!(seconds > 0)) throw new CommandLine.ParameterException(cl, "--seconds must be > 0, found " + seconds);
        for (String e : engines)
            if (!FirstRunProbe.ENGINES.contains(e))
                throw new CommandLine.ParameterException(cl, "--engine must be among " + FirstRunProbe.ENGINES + ", found " + e);
        if (child != null) {
            FirstRun r = new FirstRunProbe().measure(models.get(0), child, engines.get(0), threads, backend, seconds, MAX_RUNS);
            cl.getOut().println(new Gson().toJson(r));
            cl.getOut().flush();
            return 0;
        }
        if (repeat < 1) throw new CommandLine.ParameterException(cl, "--repeat must be >= 1, found " + repeat);
        for (String m : models) ModelArgument.check(cl, "--model", m);
        List<FirstRun> all = new ArrayList<>();
        List<Path> exported = new ArrayList<>();
        try {
            List<Path> files = new ArrayList<>();
            for (String m : models) {
                if (ShuffleNet.builtInNames().contains(m)) {
                    Path f = Files.createTempFile("shufflenet-startup-" + m + "-", ".onnx");
                    exported.add(f);
                    ShuffleNet.export(ShuffleNet.builtIn(m), f);
                    files.add(f);
                } else {
                    files.add(Path.of(m));
                }
            }
            cl.getErr().printf("shufflenet startup: %d fresh JVMs, about %.0f s each%n",
                    repeat * models.size() * engines.size(), seconds + 3);
            cl.getErr().flush();
            for (int r = 0; r < repeat; r++)
                for (int i = 0; i < models.size(); i++)
                    for (String engine : engines) {
                        FirstRun run = inChild(models.get(i), files.get(i), engine);
                        all.add(run);
                        if (json) {
                            cl.getOut().println(new Gson().toJson(run));
                            cl.getOut().flush();
                        }
                    }
        } finally {
            for (Path f : exported) Files.deleteIfExists(f);
        }
        if (!json) FirstRunTable.print(cl.getOut(), all);
        return 0;
    }

    private FirstRun inChild(String model, Path onnx, String engine) throws IOException, InterruptedException {
        List<String> args = List.of("startup", "--child", onnx.toString(), "--model", model, "--engine", engine,
                "--threads", Integer.toString(threads), "--backend", backend.name().toLowerCase(java.util.Locale.ROOT),
                "--seconds", Double.toString(seconds));
        Path err = Files.createTempFile("shufflenet-startup-", ".err");
        try {
            Process p = new ProcessBuilder(FreshJvm.command(ShuffleNetCli.class.getName(), args))
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0)
                throw new IllegalStateException("the child JVM measuring " + engine + " on " + model + " exited with " + rc
                        + ":\n" + Files.readString(err));
            String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("the child JVM printed no measurement: " + out));
            return new Gson().fromJson(line, FirstRun.class);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
