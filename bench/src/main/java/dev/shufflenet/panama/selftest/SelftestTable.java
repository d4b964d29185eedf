package dev.shufflenet.panama.selftest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-test records of several machines as one markdown table for {@code paper compare}: a column per
 * machine, rows for the verdict, the vector width, the backends, each kernel's cases and worst error against its
 * bound, and the reference model's error.
 */
public final class SelftestTable {
    private SelftestTable() {}

    /** The markdown section; {@code labels} name the columns (one per record, in order). */
    public static String markdown(List<SelftestReport> records, List<String> labels) {
        StringBuilder md = new StringBuilder("## Self-test (correctness on each machine)\n\n| |");
        for (String l : labels) md.append(" ").append(l).append(" |");
        md.append("\n|---|").append("---|".repeat(labels.size())).append("\n");
        row(md, "verdict", records, r -> (r.passed() ? "passed" : "**FAILED**") + (r.quick() ? " (quick)" : ""));
        row(md, "cases (failed)", records, r -> r.casesRun() + " (" + r.casesFailed() + ")");
        row(md, "time", records, r -> String.format(Locale.ROOT, "%.1f s", r.seconds()));
        row(md, "vector width", records, r -> r.machine().vectorBits() == 0 ? "scalar only" : r.machine().vectorBits() + " bits");
        row(md, "128-bit pass", records, SelftestReport::narrowPass);
        row(md, "native backends", records, r -> r.backendsLoaded().isEmpty() ? "none" : String.join(", ", r.backendsLoaded()));
        // One row per kernel, keyed by set and kernel name without the species suffix, so machines line up.
        Map<String, List<String>> kernels = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SelftestReport r = records.get(i);
            for (SetResult s : r.sets())
                for (KernelResult k : s.kernels())
                    cell(kernels, s.set().startsWith("vector") ? "vector" + (s.jvm().equals("this") ? "" : " 128")
                            : s.set(), k, i, records.size());
            for (BackendResult b : r.backends())
                if (b.loaded()) cell(kernels, b.backend(), b.pointwise(), i, records.size());
        }
        kernels.forEach((name, cells) -> {
            md.append("| ").append(name).append(" |");
            for (String c : cells) md.append(" ").append(c == null ? "" : c).append(" |");
            md.append("\n");
        });
        row(md, "torchvision reference, max rel. error", records, r -> {
            List<String> parts = new ArrayList<>();
            for (ReferenceResult ref : r.reference())
                parts.add(ref.backend() + " " + String.format(Locale.ROOT, "%.1e", ref.relativeError())
                        + (ref.ok() ? "" : " **FAILED**"));
            return String.join(", ", parts);
        });
        md.append("\nKernel rows: cases (failed), worst error / bound (0 = exact).\n\n");
        return md.toString();
    }

    private static void cell(Map<String, List<String>> rows, String set, KernelResult k, int column, int columns) {
        String kernel = k.kernel().replaceAll("-vector\\d+$", "");
        List<String> cells = rows.computeIfAbsent(set + ": " + kernel, x -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < columns; i++) l.add(null);
            return l;
        });
        String worst = k.worstErrorOverBound() == null ? "inf" : String.format(Locale.ROOT, "%.2f", k.worstErrorOverBound());
        cells.set(column, k.cases() + " (" + k.failed() + "), " + worst + (k.ok() ? "" : " **FAILED**"));
    }

    private static void row(StringBuilder md, String name, List<SelftestReport> records,
                            java.util.function.Function<SelftestReport, String> f) {
        md.append("| ").append(name).append(" |");
        for (SelftestReport r : records) md.append(" ").append(f.apply(r)).append(" |");
        md.append("\n");
    }
}
