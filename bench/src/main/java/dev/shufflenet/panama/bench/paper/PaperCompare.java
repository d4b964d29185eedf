package dev.shufflenet.panama.bench.paper;

import dev.shufflenet.panama.selftest.SelftestReport;
import dev.shufflenet.panama.selftest.SelftestTable;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code paper compare}: several machines' reports side by side, one table and one chart per experiment with a
 * column per machine (its CPU, CPU count and clock), our images/s and ratio to ONNX Runtime in each.
 */
public final class PaperCompare {
    private PaperCompare() {}

    /** Writes compare.md and one {@code compare-<id>.svg} per experiment into {@code dir}. */
    public static void write(List<PaperReport> reports, Path dir) throws IOException {
        write(reports, List.of(), dir);
    }

    /**
     * Also puts {@code selftest --json} records beside the speed tables: one correctness table, a column per
     * self-tested machine (see {@link SelftestTable}).
     */
    public static void write(List<PaperReport> reports, List<SelftestReport> selftests, Path dir) throws IOException {
        if (reports.size() + selftests.size() < 2)
            throw new IllegalArgumentException("compare needs at least 2 reports, found " + (reports.size() + selftests.size()));
        Files.createDirectories(dir);
        List<String> labels = labels(reports);
        List<PaperRecord> all = new ArrayList<>();
        reports.forEach(r -> all.addAll(r.cells()));
        StringBuilder md = new StringBuilder("# ShuffleNet papers' experiments across machines\n\n");
        for (int i = 0; i < reports.size(); i++)
            md.append("- machine ").append(i + 1).append(": ").append(labels.get(i)).append(" (")
                    .append(reports.get(i).machine().osArch()).append(", JDK ").append(reports.get(i).machine().jdkVersion())
                    .append(", ").append(reports.get(i).machine().date()).append(")\n");
        md.append("\nPer machine: our images/s (ratio to ONNX Runtime on that machine); ").append(PaperMarkdown.UNSTABLE.trim())
                .append(" marks an unstable cell.\n\n");
        for (String id : PaperTable.idsIn(all)) {
            md.append("## ").append(PaperSuite.TABLES.getOrDefault(id, id)).append("\n\n| cell |");
            for (String l : labels) md.append(" ").append(l).append(" |");
            md.append(" paper |\n|---|").append("---:|".repeat(labels.size())).append("---:|\n");
            LinkedHashSet<String> cells = new LinkedHashSet<>();
            for (PaperRecord r : all) if (r.table().equals(id)) cells.add(r.row() + " | " + r.column());
            CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(id + ": our images/s per machine")
                    .xAxisTitle("cell").yAxisTitle("images/s").build();
            chart.getStyler().setXAxisLabelRotation(20);
            for (String cell : cells) {
                md.append("| ").append(cell.replace(" | ", ", ")).append(" |");
                for (PaperReport r : reports) md.append(" ").append(ours(r, id, cell).map(PaperCompare::entry).orElse("")).append(" |");
                String[] rc = cell.split(" \\| ", 2);
                md.append(" ").append(PaperNumbers.of(id, rc[0], rc[1]).orElse("")).append(" |\n");
            }
            for (int i = 0; i < reports.size(); i++) {
                List<String> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (String cell : cells) {
                    xs.add(cell.replace(" | ", " "));
                    ys.add(ours(reports.get(i), id, cell).filter(PaperRecord::ok).map(PaperRecord::imagesPerS).orElse(0.0));
                }
                chart.addSeries("machine " + (i + 1), xs, ys);
            }
            String file = PaperCharts.save(chart, dir, "compare-" + id);
            md.append("\n![").append(file).append("](").append(file).append(")\n\n");
        }
        if (!selftests.isEmpty()) {
            List<String> selftestLabels = new ArrayList<>();
            for (SelftestReport r : selftests) {
                String l = r.machine().label() + " (" + r.machine().osArch() + ")";
                selftestLabels.add(selftestLabels.contains(l) ? l + " #" + (selftestLabels.size() + 1) : l);
            }
            md.append(SelftestTable.markdown(selftests, selftestLabels));
        }
        Files.writeString(dir.resolve("compare.md"), md.toString());
    }

    private static Optional<PaperRecord> ours(PaperReport r, String id, String cell) {
        return r.cells().stream().filter(x -> x.table().equals(id) && (x.row() + " | " + x.column()).equals(cell)
                && "panama".equals(x.engine())).findFirst();
    }

    private static String entry(PaperRecord r) {
        if (!r.ok()) return "failed";
        return String.format(Locale.ROOT, "%.1f", r.imagesPerS())
                + (r.ratioVsOrt() == null ? "" : String.format(Locale.ROOT, " (%.2f)", r.ratioVsOrt()))
                + (Boolean.TRUE.equals(r.stable()) ? "" : PaperMarkdown.UNSTABLE);
    }

    /** Machine labels, numbered where two machines would read the same. */
    static List<String> labels(List<PaperReport> reports) {
        List<String> labels = new ArrayList<>();
        for (PaperReport r : reports) {
            String l = r.machine().label();
            labels.add(labels.contains(l) ? l + " #" + (labels.size() + 1) : l);
        }
        return labels;
    }
}
