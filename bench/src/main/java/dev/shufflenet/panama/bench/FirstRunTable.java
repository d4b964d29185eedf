package dev.shufflenet.panama.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The first-run measurements of several fresh JVMs as one table: per model and engine, median [min-max]. */
public final class FirstRunTable {
    private FirstRunTable() {}

    public static void print(PrintWriter out, List<FirstRun> runs) {
        Map<String, List<FirstRun>> groups = new LinkedHashMap<>();
        for (FirstRun r : runs) groups.computeIfAbsent(r.model() + "  " + r.engine(), k -> new java.util.ArrayList<>()).add(r);
        out.println("milliseconds since the JVM started unless marked (CPU: of the whole process); median [min-max] over fresh JVMs");
        out.printf(Locale.ROOT, "%-28s %4s %-15s %-15s %-19s %-15s %-17s %-15s %-19s %-13s %-13s %-19s %-19s%n", "model  engine",
                "jvms", "main at", "load ms", "compile ms", "first run ms", "first logits at", "runs to steady",
                "steady at", "steady ms", "warm-up runs", "CPU ms to logits", "CPU ms to steady");
        for (Map.Entry<String, List<FirstRun>> g : groups.entrySet()) {
            List<FirstRun> rs = g.getValue();
            out.printf(Locale.ROOT, "%-28s %4d %-15s %-15s %-19s %-15s %-17s %-15s %-19s %-13s %-13s %-19s %-19s%n", g.getKey(),
                    rs.size(),
                    cell(rs, FirstRun::atMain), cell(rs, FirstRun::loadMs), cell(rs, FirstRun::compileMs),
                    cell(rs, FirstRun::firstRunMs), cell(rs, FirstRun::atFirstResult), cell(rs, r -> r.runsToSteady()),
                    cell(rs, FirstRun::atSteady), cell(rs, FirstRun::steadyMs), cell(rs, r -> r.warmUpRuns()),
                    cell(rs, FirstRun::cpuAtFirstResult), cell(rs, FirstRun::cpuAtSteady));
        }
        out.flush();
    }

    private static String cell(List<FirstRun> rs, ToDoubleFunction<FirstRun> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        double median = SteadyPoint.median(v);
        return v.length == 1 ? format(median) : format(median) + " [" + format(v[0]) + "-" + format(v[v.length - 1]) + "]";
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v); // run counts
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
