package dev.shufflenet.panama.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's plumbing and output format; its numbers mean nothing at these durations. */
class BenchCommandTest {

    @Test
    void jsonLinesHaveTheFieldsAndTheEnginesAgree() {
        CliRun r = CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1", "--warmup-seconds", "0.5",
                "--seconds", "0.5", "--height", "64", "--width", "64", "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), "one line per engine: " + r.transcript());
        JsonObject ort = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        JsonObject ours = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("onnxruntime", ort.get("engine").getAsString());
        assertEquals("panama", ours.get("engine").getAsString());
        for (JsonObject o : List.of(ort, ours)) {
            for (String field : List.of("model", "engine", "backend", "batch", "threads", "median_ms", "p90_ms",
                    "images_per_s", "calls"))
                assertTrue(o.has(field), field + " missing in " + o);
            assertEquals("v2-0.5", o.get("model").getAsString());
            assertEquals(1, o.get("batch").getAsInt());
            assertEquals(1, o.get("threads").getAsInt());
            double median = o.get("median_ms").getAsDouble();
            assertTrue(median > 0 && median <= o.get("p90_ms").getAsDouble(), o.toString());
            assertEquals(1000.0 / median, o.get("images_per_s").getAsDouble(), 1e-9 * o.get("images_per_s").getAsDouble());
            assertTrue(o.get("calls").getAsInt() >= 1, o.toString());
            // The paper report's stability fields and machine object.
            double cv = o.get("cv").getAsDouble();
            assertTrue(cv >= 0 && Double.isFinite(cv), o.toString());
            boolean stable = o.get("stable").getAsBoolean();
            assertTrue(!stable || o.get("warmup_settled").getAsBoolean() && cv <= 0.05, o.toString());
            assertEquals(3, o.getAsJsonArray("round_medians_ms").size(), o.toString());
            SelftestCommandTest.assertMachine(o.getAsJsonObject("machine"));
        }
        assertEquals(ort.get("machine"), ours.get("machine"), "one machine object per run");
        double expectedRatio = ours.get("images_per_s").getAsDouble() / ort.get("images_per_s").getAsDouble();
        assertEquals(expectedRatio, ours.get("ratio").getAsDouble(), 1e-9 * expectedRatio);
        assertTrue(ours.get("logits_agree").getAsBoolean(), ours.toString());
        assertTrue(ours.get("max_rel_diff_vs_ort").getAsDouble() <= 1e-3, ours.toString());
        // The header goes to stderr in JSON mode, so stdout stays one object per line.
        assertTrue(r.err().contains("ONNX Runtime 1.23.2") && r.err().contains("cores"), r.err());
    }

    /** Two backends of ours in one run: a row each, each compared with the one ORT row of that run. */
    @Test
    void severalBackendsAreTimedInOneRunEachAgainstOrt() {
        CliRun r = CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1", "--warmup-seconds", "0.2",
                "--seconds", "0.3", "--size", "32x32", "--backend", "java,openblas", "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonObject> rows = r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(3, rows.size(), "ORT, then one row per backend: " + r.transcript());
        assertEquals("onnxruntime", rows.get(0).get("engine").getAsString());
        double ortRate = rows.get(0).get("images_per_s").getAsDouble();
        for (int i = 1; i < 3; i++) {
            JsonObject ours = rows.get(i);
            assertEquals("panama", ours.get("engine").getAsString());
            assertEquals(i == 1 ? "java" : "openblas", ours.get("backend").getAsString(), ours.toString());
            double expected = ours.get("images_per_s").getAsDouble() / ortRate;
            assertEquals(expected, ours.get("ratio").getAsDouble(), 1e-9 * expected);
            assertTrue(ours.get("logits_agree").getAsBoolean(), ours.toString());
        }
        assertTrue(r.err().contains("backend java, openblas"), r.err());
    }

    /**
     * --scaling with two backends: per thread count ORT's row then one per backend, each backend's speedup over
     * its own one-thread row and its ratio against ORT at the same thread count.
     */
    @Test
    void scalingWithTwoBackendsComparesEachWithItsOwnFewestThreads() {
        CliRun r = CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1,2", "--scaling",
                "--warmup-seconds", "0.1", "--seconds", "0.3", "--size", "32x32", "--backend", "java,openblas", "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonObject> rows = r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(6, rows.size(), r.transcript());
        java.util.Map<String, Double> oneThread = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            JsonObject o = rows.get(i);
            int threads = i < 3 ? 1 : 2;
            assertEquals(threads, o.get("threads").getAsInt(), o.toString());
            String who = o.get("engine").getAsString() + "/" + o.get("backend").getAsString();
            assertEquals(List.of("onnxruntime/cpu", "panama/java", "panama/openblas").get(i % 3), who, o.toString());
            double rate = o.get("images_per_s").getAsDouble();
            if (threads == 1) oneThread.put(who, rate);
            double speedup = rate / oneThread.get(who);
            assertEquals(speedup, o.get("speedup_vs_fewest_threads").getAsDouble(), 1e-9 * speedup, o.toString());
            if (i % 3 != 0) {
                double ratio = rate / rows.get(i - i % 3).get("images_per_s").getAsDouble();
                assertEquals(ratio, o.get("ratio").getAsDouble(), 1e-9 * ratio, o.toString());
            }
        }
    }

    @Test
    void disagreementBeyondTheToleranceExitsNonZero() {
        // Two float32 engines never agree to 1e-12 of the largest logit over a whole network (summation
        // order alone differs by ~1e-7), so this tolerance forces the disagreement path.
        CliRun r = CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1", "--warmup-seconds", "0",
                "--seconds", "0.2", "--size", "32x32", "--tolerance", "1e-12");
        assertEquals(BenchCommand.DISAGREE, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("disagree") && r.err().contains("--tolerance"), r.err());
    }

    @Test
    void badThreadsAndMissingModelAreUsageErrors() {
        CliRun threads = CliRun.of("bench", "--threads", "0");
        assertEquals(2, threads.exitCode(), threads.transcript());
        assertTrue(threads.err().contains("thread count"), threads.err());
        CliRun model = CliRun.of("bench", "--model", "no-such.onnx");
        assertEquals(2, model.exitCode(), model.transcript());
        assertTrue(model.err().contains("no-such.onnx"), model.err());
    }
}
