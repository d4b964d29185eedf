package dev.shufflenet.panama.bench.paper;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.json's schema, report.md and the charts, and compare's merge of two machines' reports. */
class PaperReportTest {

    enum Type { STRING, NUMBER, BOOLEAN, ARRAY, STRING_OR_NULL, NUMBER_OR_NULL }

    static final Map<String, Type> MACHINE = Map.ofEntries(Map.entry("cpu_model", Type.STRING),
            Map.entry("logical_cpus", Type.NUMBER), Map.entry("threads_per_core", Type.NUMBER_OR_NULL),
            Map.entry("isa_flags", Type.ARRAY), Map.entry("vector_bits", Type.NUMBER), Map.entry("kernel_set", Type.STRING),
            Map.entry("max_clock_mhz", Type.NUMBER_OR_NULL), Map.entry("os_name", Type.STRING),
            Map.entry("os_arch", Type.STRING), Map.entry("os_version", Type.STRING), Map.entry("jdk_version", Type.STRING),
            Map.entry("jdk_vendor", Type.STRING), Map.entry("project_version", Type.STRING_OR_NULL),
            Map.entry("commit", Type.STRING_OR_NULL), Map.entry("onnxruntime_version", Type.STRING_OR_NULL),
            Map.entry("openblas_core", Type.STRING_OR_NULL), Map.entry("date", Type.STRING));

    /** The fields of an ok record; the issue asks for table ... stable at least. */
    static final Map<String, Type> CELL = Map.ofEntries(Map.entry("table", Type.STRING), Map.entry("row", Type.STRING),
            Map.entry("column", Type.STRING), Map.entry("model", Type.STRING), Map.entry("engine", Type.STRING),
            Map.entry("backend", Type.STRING), Map.entry("batch", Type.NUMBER), Map.entry("threads", Type.NUMBER),
            Map.entry("height", Type.NUMBER), Map.entry("width", Type.NUMBER), Map.entry("mflops", Type.NUMBER),
            Map.entry("status", Type.STRING), Map.entry("error", Type.STRING_OR_NULL),
            Map.entry("median_ms", Type.NUMBER), Map.entry("p90_ms", Type.NUMBER), Map.entry("p99_ms", Type.NUMBER),
            Map.entry("max_ms", Type.NUMBER), Map.entry("images_per_s", Type.NUMBER), Map.entry("cv", Type.NUMBER),
            Map.entry("stable", Type.BOOLEAN), Map.entry("warmup_rounds", Type.NUMBER),
            Map.entry("warmup_settled", Type.BOOLEAN), Map.entry("round_medians_ms", Type.ARRAY),
            Map.entry("ratio_vs_ort", Type.NUMBER_OR_NULL), Map.entry("paper", Type.STRING_OR_NULL));

    static PaperMachine machine(String cpu, double mhz) {
        return new PaperMachine(cpu, 4, 1, List.of("asimd"), 128, "vector128", mhz, "Linux", "aarch64", "6.1",
                "25.0.1", "Eclipse Adoptium", "0.1.0", "abc1234", "1.23.2", "NEOVERSEN1", "2026-12-01T00:00:00Z");
    }

    static PaperRecord ok(String table, String row, String column, String engine, double ms, Double ratio) {
        return new PaperRecord(table, row, column, "m", engine, "cpu", 1, 1, 224, 224, 140.0, "ok", null, ms, ms * 1.1,
                ms * 1.2, ms * 1.3, 1000 / ms, 0.01, true, 2, true, List.of(ms, ms, ms), ratio, null);
    }

    static PaperReport report(String cpu, double scale) {
        List<PaperRecord> cells = List.of(
                ok("v1-table8", "ShuffleNet 0.5x (g=3)", "224x224", "panama", 10 * scale, 1.1),
                ok("v1-table8", "ShuffleNet 0.5x (g=3)", "224x224", "onnxruntime", 11 * scale, null),
                ok("v1-table8", "ShuffleNet 0.5x (g=3)", "480x640", "panama", 60 * scale, 0.9),
                ok("v1-table8", "ShuffleNet 0.5x (g=3)", "480x640", "onnxruntime", 54 * scale, null),
                ok("G1", "1:1", "x1", "panama", 5 * scale, 1.0), ok("G1", "1:1", "x1", "onnxruntime", 5 * scale, null),
                new PaperRecord("G1", "1:2", "x1", "m", "panama", null, 1, 1, 56, 56, 100.0, "failed", "boom", null, null,
                        null, null, null, null, false, null, null, List.of(), null, null));
        return new PaperReport(machine(cpu, 2000), new PaperReport.Settings(List.of("v1-table8", "G1"), true, 0.1, 3, 4,
                0, "auto", 0.05, 0.05), cells);
    }

    @Test
    void reportJsonHasEveryFieldTyped(@TempDir Path dir) throws IOException {
        report("Neoverse-N1", 1).writeDirectory(dir);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
        assertTyped(json.getAsJsonObject("machine"), MACHINE);
        int ok = 0;
        for (JsonElement e : json.getAsJsonArray("cells")) {
            JsonObject cell = e.getAsJsonObject();
            if (!cell.get("status").getAsString().equals("ok")) {
                assertEquals("boom", cell.get("error").getAsString());
                assertTrue(cell.get("median_ms").isJsonNull(), cell.toString());
                continue;
            }
            assertTyped(cell, CELL);
            ok++;
        }
        assertEquals(6, ok);
        assertEquals(List.of(json.getAsJsonObject("machine").keySet().size()), List.of(MACHINE.size()),
                "no machine field beyond the schema: " + json.getAsJsonObject("machine").keySet());
    }

    @Test
    void reportMarkdownAndChartsAreWritten(@TempDir Path dir) throws IOException {
        report("Neoverse-N1", 1).writeDirectory(dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| ShuffleNet 0.5x (g=3) | 140.0 | 100.0 | 90.9 | 1.10 |"), md);
        assertTrue(md.contains("| 1:2 | 100.0 | failed |"), md);
        for (String chart : List.of("v1-table8.svg", "v1-table8-resolution.svg", "G1.svg")) {
            assertTrue(md.contains("](" + chart + ")"), chart + " not embedded: " + md);
            String svg = Files.readString(dir.resolve(chart));
            assertTrue(svg.contains("<svg") && svg.length() > 1000, chart + ": " + svg.length() + " chars");
            assertTrue(Files.size(dir.resolve(chart.replace(".svg", ".png"))) > 1000, chart + " has no PNG beside it");
        }
        assertEquals(report("Neoverse-N1", 1), PaperReport.read(dir.resolve("report.json")), "round trip");
    }

    @Test
    void compareMergesTwoMachinesIntoAColumnEach(@TempDir Path dir) throws IOException {
        PaperCompare.write(List.of(report("Neoverse-N1", 1), report("AMD EPYC", 0.5)), dir);
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains("| cell | Neoverse-N1, 4 CPUs, 2000 MHz | AMD EPYC, 4 CPUs, 2000 MHz |"), md);
        assertTrue(md.contains("| ShuffleNet 0.5x (g=3), 224x224 | 100.0 (1.10) | 200.0 (1.10) |"), md);
        assertTrue(md.contains("| 1:2, x1 | failed | failed |"), md);
        for (String id : List.of("v1-table8", "G1"))
            assertTrue(Files.readString(dir.resolve("compare-" + id + ".svg")).contains("<svg"), id);
    }

    private static void assertTyped(JsonObject o, Map<String, Type> schema) {
        for (var f : schema.entrySet()) {
            assertTrue(o.has(f.getKey()), f.getKey() + " missing in " + o);
            JsonElement v = o.get(f.getKey());
            boolean typed = switch (f.getValue()) {
                case STRING -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
                case NUMBER -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
                case BOOLEAN -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean();
                case ARRAY -> v.isJsonArray();
                case STRING_OR_NULL -> v.isJsonNull() || v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
                case NUMBER_OR_NULL -> v.isJsonNull() || v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
            };
            assertTrue(typed, f.getKey() + " should be " + f.getValue() + ", found " + v);
        }
    }
}
