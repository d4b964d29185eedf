package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bench.PaperCellRunner;
import dev.shufflenet.panama.bench.paper.PaperCell;
import dev.shufflenet.panama.bench.paper.PaperMachine;
import dev.shufflenet.panama.bench.paper.PaperRecord;
import dev.shufflenet.panama.bench.paper.PaperReport;
import dev.shufflenet.panama.bench.paper.PaperRun;
import dev.shufflenet.panama.bench.paper.PaperSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code shufflenet paper}: the ShuffleNet papers' speed experiments, this runtime beside ONNX Runtime. */
@Command(name = "paper", sortOptions = false, subcommands = PaperCompareCommand.class,
        description = {"Run the ShuffleNet papers' speed experiments (v1 Table 8 and Table 1's group sweep, v2 Table 8's"
                + " ShuffleNet rows, the guideline tables G1-G4 of v2 Tables 1-4) for this runtime and ONNX Runtime on"
                + " the same graphs, engines taking turns, and write report.json, report.md and SVG charts.",
                "Pin cores on a board with taskset, e.g. 'taskset -c 4-7 bin/shufflenet paper --threads 4'.",
                "'paper compare A/report.json B/report.json --out DIR' puts machines side by side."})
final class PaperCommand implements Callable<Integer> {
    @Option(names = "--tables", split = ",", paramLabel = "ID",
            description = "Experiments to run: v1-table8, v1-table1, v2-table8, G1, G2, G3, G4 (default: all).")
    List<String> tables;

    @Option(names = "--quick", description = "Only each table's first column (smallest input or width) and batch 1,"
            + " with short rounds: the whole suite in a few minutes.")
    boolean quick;

    @Option(names = "--threads", defaultValue = "all", converter = ThreadCountConverter.class, paramLabel = "T",
            description = "What \"all threads\" means in v2 Table 8's batch-8 column (default: every core).")
    int threads;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Seconds per engine per round (default: 1, or 0.15 with --quick).")
    Double roundSeconds;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
            description = "Timed rounds per cell, at least 3 (default: ${DEFAULT-VALUE}, or 3 with --quick).")
    int rounds;

    @Option(names = "--max-warmup-rounds", defaultValue = "10", paramLabel = "N",
            description = "Warm-up rounds at most, while the per-round median has not settled (default: ${DEFAULT-VALUE},"
                    + " or 4 with --quick).")
    int maxWarmupRounds;

    @Option(names = "--cooldown-seconds", defaultValue = "0", paramLabel = "S",
            description = "Pause between cells, for boards that throttle (default: ${DEFAULT-VALUE}).")
    double cooldownSeconds;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "Our GEMM backend: java, openblas, acl or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed;

    // The fresh JVM's half of FreshJvmCalibration: calibrate every cell's graph, time nothing, write no report.
    @Option(names = "--calibrate-only", hidden = true)
    boolean calibrateOnly;

    // Not picocli-required: "paper compare" must parse without the parent's --out.
    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the report (required).")
    Path out;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (calibrateOnly) {
            try {
                return calibrateCells(PaperSuite.cells(selected(), quick, threads));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        if (out == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        List<String> selected = selected();
        double seconds = roundSeconds != null ? roundSeconds : quick ? 0.15 : 1.0;
        int timedRounds = quick && rounds == 5 ? 3 : rounds;
        int warmups = quick && maxWarmupRounds == 10 ? 4 : maxWarmupRounds;
        OnnxRuntimeAvailability ort = OnnxRuntimeAvailability.load();
        List<PaperCell> cells;
        PaperCellRunner runner;
        try {
            cells = PaperSuite.cells(selected, quick, threads);
            runner = new PaperCellRunner(ort, backend, seconds, timedRounds, warmups);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        if (backend == Backend.AUTO) {
            List<String> child = new ArrayList<>(List.of("paper", "--calibrate-only", "--tables",
                    String.join(",", selected), "--threads", Integer.toString(threads)));
            if (quick) child.add("--quick");
            FreshJvmCalibration.run("paper", child, spec.commandLine().getErr());
        }
        if (!ort.available()) spec.commandLine().getErr().println("paper: ONNX Runtime is not available (" + ort.unavailableReason()
                + "); timing shufflenet-panama only");
        List<PaperRecord> records = new PaperRun(runner, cooldownSeconds, seed, spec.commandLine().getErr()).run(cells);
        PaperReport report = new PaperReport(PaperMachine.detect(ort), new PaperReport.Settings(selected, quick, seconds,
                timedRounds, warmups, cooldownSeconds, backend.name().toLowerCase(java.util.Locale.ROOT),
                PaperCellRunner.SETTLE, PaperCellRunner.STABLE_CV), records);
        report.writeDirectory(out);
        long failed = records.stream().filter(r -> !r.ok()).count();
        spec.commandLine().getOut().println("paper: wrote " + out.resolve("report.md") + " and report.json (" + records.size()
                + " records, " + failed + " failed cells)");
        return 0;
    }

    private List<String> selected() {
        return tables == null ? new ArrayList<>(PaperSuite.TABLES.keySet()) : tables;
    }

    /**
     * Compiles every cell's graph with the auto backend as the cell will (its input size and batch), which calibrates
     * the shapes the profile lacks. A cell that cannot compile is skipped here: the measuring run records why.
     */
    private int calibrateCells(List<PaperCell> cells) {
        PrintWriter out = spec.commandLine().getOut();
        int skipped = 0;
        for (PaperCell c : cells) {
            try {
                ShuffleNet.calibrate(c.graph().get(), CompileOptions.defaults().withInputSize(c.height(), c.width())
                        .withMaxBatch(c.batch()).withThreads(c.threads()));
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                skipped++;
                out.println("paper --calibrate-only: skipped " + c.table() + " | " + c.row() + " | " + c.column()
                        + ": " + e);
            }
        }
        out.println("paper --calibrate-only: " + (cells.size() - skipped) + " of " + cells.size() + " cells calibrated");
        out.flush();
        return 0;
    }
}
