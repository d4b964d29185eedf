package dev.shufflenet.panama.bench.paper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * report.md: the machine, then each experiment as the paper lays it out (its rows; per column our images/s,
 * ONNX Runtime's and our ratio), the paper's own number beside, unstable cells marked, the charts embedded.
 */
final class PaperMarkdown {
    private PaperMarkdown() {}

    static final String UNSTABLE = " †";

    /** Writes report.md and the charts into {@code dir}. */
    static void write(PaperReport report, Path dir) throws IOException {
        StringBuilder md = new StringBuilder();
        PaperMachine m = report.machine();
        md.append("# ShuffleNet papers' experiments on ").append(m.label()).append("\n\n");
        md.append("| machine | |\n|---|---|\n");
        row(md, "CPU", m.cpuModel());
        row(md, "CPUs (threads per core)", m.logicalCpus() + " (" + orUnknown(m.threadsPerCore()) + ")");
        row(md, "ISA, vector width", String.join(" ", m.isaFlags()) + ", " + m.vectorBits() + "-bit (" + m.kernelSet() + ")");
        row(md, "clock", m.maxClockMhz() == null ? "unknown" : Math.round(m.maxClockMhz()) + " MHz");
        row(md, "OS", m.osName() + " " + m.osVersion() + " " + m.osArch());
        row(md, "JDK", m.jdkVersion() + " (" + m.jdkVendor() + ")");
        row(md, "shufflenet-panama", orUnknown(m.projectVersion()) + " (commit " + orUnknown(m.commit()) + ")");
        row(md, "ONNX Runtime", orUnknown(m.onnxruntimeVersion()));
        row(md, "OpenBLAS core", orUnknown(m.openblasCore()));
        row(md, "date", m.date());
        PaperReport.Settings s = report.settings();
        md.append(String.format(Locale.ROOT, "%nEach cell: %d timed rounds of %.2f s per engine (engines taking turns),"
                        + " after warm-up rounds until the per-round median moves less than %.0f%% (at most %d);"
                        + " images/s at the median call; ratio = ours / ONNX Runtime. " + UNSTABLE.trim()
                        + " marks an unstable cell (warm-up did not settle, or the rounds' medians vary more than"
                        + " %.0f%%: cv). Cool-down between cells: %.1f s. Backend: %s.%s%n%n",
                s.rounds(), s.roundSeconds(), 100 * s.settleThreshold(), s.maxWarmupRounds(), 100 * s.stableCv(),
                s.cooldownSeconds(), s.backend(), s.quick() ? " Quick run: first column of each table only." : ""));
        md.append("Columns \"paper\": the paper's own number for the cell, in the paper's unit (v1 Table 8: ms on a"
                + " Snapdragon 820; v1 Table 1: top-1 error, an accuracy table; v2 Tables 1-4 and 8: images/s on a"
                + " Snapdragon 810, one thread). They were measured on 2017-2018 phones: compare their ratios between"
                + " rows with ours, not their values. Transcribed by hand from the papers (PaperNumbers.java).\n\n");
        for (String id : PaperTable.idsIn(report.cells())) {
            PaperTable t = PaperTable.of(id, report.cells());
            md.append("## ").append(t.title()).append("\n\n");
            table(md, t);
            for (String chart : PaperCharts.write(t, dir)) md.append("\n![").append(chart).append("](").append(chart).append(")\n");
            md.append("\n");
        }
        Files.writeString(dir.resolve("report.md"), md.toString());
    }

    private static void table(StringBuilder md, PaperTable t) {
        // Multiply-adds grow along a guideline table's columns and v1 Table 8's input sizes: the column says where.
        md.append("| ").append(t.id().startsWith("G") ? "variant" : "model").append(" | MFLOPs at ")
                .append(t.columns().isEmpty() ? "" : t.columns().get(0)).append(" |");
        for (String c : t.columns()) md.append(" ").append(c).append(" ours | ").append(c).append(" ORT | ratio | paper |");
        md.append("\n|---|---:|");
        md.append("---:|---:|---:|---:|".repeat(t.columns().size())).append("\n");
        for (String r : t.rows()) {
            md.append("| ").append(r).append(" | ");
            Optional<PaperRecord> any = t.records().stream().filter(x -> x.row().equals(r)
                    && x.column().equals(t.columns().get(0)) && !Double.isNaN(x.mflops()))
                    .findFirst();
            md.append(any.map(x -> String.format(Locale.ROOT, "%.1f", x.mflops())).orElse("")).append(" |");
            for (String c : t.columns()) {
                String paper = PaperNumbers.of(t.id(), r, c).orElse("");
                if (t.failed(r, c)) {
                    md.append(" failed | | | ").append(paper).append(" |");
                    continue;
                }
                Optional<PaperRecord> ours = t.find(r, c, "panama"), ort = t.find(r, c, "onnxruntime");
                md.append(" ").append(ours.map(PaperMarkdown::speed).orElse("")).append(" |");
                md.append(" ").append(ort.map(PaperMarkdown::speed).orElse("")).append(" |");
                md.append(" ").append(ours.map(PaperRecord::ratioVsOrt).map(x -> String.format(Locale.ROOT, "%.2f", x))
                        .orElse("")).append(" |");
                md.append(" ").append(paper).append(" |");
            }
            md.append("\n");
        }
        List<String> failures = t.records().stream().filter(x -> !x.ok())
                .map(x -> x.row() + " / " + x.column() + ": " + x.error()).toList();
        if (!failures.isEmpty()) md.append("\nFailed cells: ").append(String.join("; ", failures)).append("\n");
    }

    private static String speed(PaperRecord r) {
        return String.format(Locale.ROOT, "%.1f", r.imagesPerS()) + (Boolean.TRUE.equals(r.stable()) ? "" : UNSTABLE);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String orUnknown(Object o) { return o == null ? "unknown" : o.toString(); }
}
