package dev.shufflenet.panama.bench.paper;

import dev.shufflenet.panama.bench.PaperCellRunner;
import dev.shufflenet.panama.bench.RoundedTiming;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.models.ModelStats;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the cells one after the other, printing progress (cell n of N, time left) and an up-front estimate;
 * a cell that fails (an op ONNX Runtime rejects, a graph the runtime cannot plan) is recorded as failed and
 * the run goes on.
 */
public final class PaperRun {
    private final PaperCellRunner runner;
    private final double cooldownSeconds;
    private final long seed;
    private final PrintWriter progress;

    public PaperRun(PaperCellRunner runner, double cooldownSeconds, long seed, PrintWriter progress) {
        if (!(cooldownSeconds >= 0)) throw new IllegalArgumentException("cool-down seconds must be >= 0, found " + cooldownSeconds);
        this.runner = runner;
        this.cooldownSeconds = cooldownSeconds;
        this.seed = seed;
        this.progress = progress;
    }

    /** Seconds the cells take when every warm-up settles after two rounds (model compilation not counted). */
    public double expectedSeconds(int cells) {
        return cells * (runner.typicalSecondsPerCell() + cooldownSeconds);
    }

    public List<PaperRecord> run(List<PaperCell> cells) throws InterruptedException {
        progress.printf("paper: %d cells, expected about %s (at most %s if warm-ups never settle), plus model"
                        + " compilation and first-time GEMM calibration%n", cells.size(),
                human(expectedSeconds(cells.size())),
                human(cells.size() * (runner.maxSecondsPerCell() + cooldownSeconds)));
        List<PaperRecord> records = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < cells.size(); i++) {
            PaperCell c = cells.get(i);
            if (i > 0 && cooldownSeconds > 0) Thread.sleep((long) (cooldownSeconds * 1000));
            double elapsed = (System.nanoTime() - start) / 1e9;
            String left = i == 0 ? human(expectedSeconds(cells.size())) : human(elapsed / i * (cells.size() - i));
            progress.printf("paper: cell %d of %d (%s | %s | %s), about %s left%n", i + 1, cells.size(), c.table(),
                    c.row(), c.column(), left);
            records.addAll(runCell(c));
        }
        progress.printf("paper: done in %s%n", human((System.nanoTime() - start) / 1e9));
        return records;
    }

    private List<PaperRecord> runCell(PaperCell c) {
        double mflops = Double.NaN;
        String paper = PaperNumbers.of(c.table(), c.row(), c.column()).orElse(null);
        try {
            Graph g = c.graph().get();
            mflops = ModelStats.of(g, c.height(), c.width()).totalMacs() / 1e6;
            List<RoundedTiming> timings = runner.run(g, c.batch(), c.threads(), c.height(), c.width(), seed);
            List<PaperRecord> out = new ArrayList<>();
            Double ratio = timings.size() > 1 ? timings.get(1).medianMs() / timings.get(0).medianMs() : null;
            for (int i = 0; i < timings.size(); i++) {
                RoundedTiming t = timings.get(i);
                out.add(new PaperRecord(c.table(), c.row(), c.column(), c.model(), t.engine(), t.backend(), c.batch(),
                        c.threads(), c.height(), c.width(), mflops, "ok", null, t.medianMs(), t.p90Ms(), t.p99Ms(),
                        t.maxMs(), t.imagesPerSecond(c.batch()), t.cv(), t.stable(), t.warmupRounds(),
                        t.warmupSettled(), t.roundMediansMs(), i == 0 ? ratio : null, i == 0 ? paper : null));
            }
            return out;
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.println("paper: cell failed: " + why);
            return List.of(new PaperRecord(c.table(), c.row(), c.column(), c.model(), "panama", null, c.batch(),
                    c.threads(), c.height(), c.width(), mflops, "failed", why, null, null, null, null, null, null,
                    false, null, null, List.of(), null, paper));
        }
    }

    static String human(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}
