package dev.shufflenet.panama.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.selftest.BrokenKernels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code selftest} through the command line, kept short: the scalar set only (through the test hook), --quick
 * (the reference model once) and --no-128 (the child JVM pass is exercised by {@code bin/shufflenet selftest}).
 */
class SelftestCommandTest {
    @AfterEach
    void unhook() {
        SelftestCommand.kernelSetsForTest = null;
    }

    @Test
    void jsonRecordHasEveryFieldTypedAndPaperCompareTakesIt(@TempDir Path dir) throws IOException {
        SelftestCommand.kernelSetsForTest = () -> List.of(KernelRegistry.scalar());
        CliRun r = CliRun.of("selftest", "--json", "--quick", "--no-128");
        assertEquals(0, r.exitCode(), r.transcript());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("selftest", o.get("kind").getAsString());
        assertTrue(o.get("passed").getAsBoolean(), r.out());
        assertTrue(o.get("quick").getAsBoolean());
        assertTrue(o.get("seconds").getAsDouble() > 0);
        assertTrue(o.get("cases_run").getAsInt() > 0);
        assertEquals(0, o.get("cases_failed").getAsInt());
        assertTrue(o.get("narrow_pass").getAsString().contains("--no-128"), o.get("narrow_pass").toString());
        assertTrue(o.get("backends_loaded").isJsonArray());
        assertMachine(o.getAsJsonObject("machine"));

        JsonObject set = o.getAsJsonArray("sets").get(0).getAsJsonObject();
        assertEquals("scalar", set.get("set").getAsString());
        assertEquals(0, set.get("vector_bits").getAsInt());
        assertEquals("this", set.get("jvm").getAsString());
        for (JsonElement e : set.getAsJsonArray("kernels")) {
            JsonObject k = e.getAsJsonObject();
            assertTrue(k.get("kernel").getAsString().endsWith("-scalar"), k.toString());
            assertTrue(k.get("cases").getAsInt() > 0 && k.get("failed").getAsInt() == 0, k.toString());
            double worst = k.get("worst_error_over_bound").getAsDouble();
            assertTrue(worst >= 0 && worst <= 1, k.toString());
            assertTrue(k.get("worst_case").isJsonNull() == (worst == 0), k.toString());
            assertTrue(k.get("failures").isJsonArray() && k.getAsJsonArray("failures").isEmpty(), k.toString());
        }
        for (JsonElement e : o.getAsJsonArray("backends")) {
            JsonObject b = e.getAsJsonObject();
            assertTrue(b.get("backend").getAsString().matches("openblas|acl"), b.toString());
            boolean loaded = b.get("loaded").getAsBoolean();
            assertTrue(b.get("note").getAsString().length() > 0, b.toString());
            assertEquals(loaded, !b.get("pointwise").isJsonNull(), b.toString());
            if (loaded) assertEquals(0, b.getAsJsonObject("pointwise").get("failed").getAsInt(), b.toString());
        }
        JsonObject ref = o.getAsJsonArray("reference").get(0).getAsJsonObject();
        assertEquals("shufflenet_v2_x1_0.onnx", ref.get("model").getAsString());
        assertEquals("java", ref.get("backend").getAsString());
        assertTrue(ref.get("ok").getAsBoolean(), ref.toString());
        assertTrue(ref.get("relative_error").getAsDouble() <= ref.get("tolerance").getAsDouble(), ref.toString());

        // paper compare: two machines' self-test records (the second one's CPU renamed) in one table.
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        Files.writeString(a, r.out());
        o.getAsJsonObject("machine").addProperty("cpu_model", "Test board A76");
        Files.writeString(b, o.toString());
        CliRun compare = CliRun.of("paper", "compare", a.toString(), b.toString(), "--out", dir.resolve("cmp").toString());
        assertEquals(0, compare.exitCode(), compare.transcript());
        String md = Files.readString(dir.resolve("cmp/compare.md"));
        assertTrue(md.contains("## Self-test") && md.contains("Test board A76") && md.contains("f32-pool-scalar"), md);
    }

    @Test
    void aBrokenKernelExitsNonZeroAndIsNamed() {
        SelftestCommand.kernelSetsForTest = () -> List.of(BrokenKernels.scalarWithBrokenRelu());
        CliRun r = CliRun.of("selftest", "--quick", "--no-128", "--no-reference");
        assertTrue(r.out().contains("reference  not run"), r.out());
        assertEquals(SelftestCommand.FAILED, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("FAILED") && r.out().contains(BrokenKernels.BROKEN_NAME), r.out());
    }

    /** The machine object of the paper report (the same class): every field present, typed where it can be read. */
    static void assertMachine(JsonObject m) {
        Map<String, String> types = Map.ofEntries(Map.entry("cpu_model", "string"), Map.entry("logical_cpus", "number"),
                Map.entry("threads_per_core", "number?"), Map.entry("isa_flags", "array"),
                Map.entry("vector_bits", "number"), Map.entry("kernel_set", "string"),
                Map.entry("max_clock_mhz", "number?"), Map.entry("os_name", "string"), Map.entry("os_arch", "string"),
                Map.entry("os_version", "string"), Map.entry("jdk_version", "string"),
                Map.entry("jdk_vendor", "string"), Map.entry("project_version", "string?"),
                Map.entry("commit", "string?"), Map.entry("onnxruntime_version", "string?"),
                Map.entry("openblas_core", "string?"), Map.entry("date", "string"));
        assertEquals(types.keySet(), m.keySet(), "machine fields");
        types.forEach((field, type) -> {
            JsonElement v = m.get(field);
            if (type.endsWith("?") && v.isJsonNull()) return;
            switch (type.replace("?", "")) {
                case "string" -> assertTrue(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString(), field + ": " + v);
                case "number" -> assertTrue(v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber(), field + ": " + v);
                case "array" -> assertTrue(v.isJsonArray(), field + ": " + v);
                default -> throw new AssertionError(type);
            }
        });
    }
}
