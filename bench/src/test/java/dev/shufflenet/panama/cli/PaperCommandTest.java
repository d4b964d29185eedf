package dev.shufflenet.panama.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code paper} end to end on one small experiment (its numbers mean nothing at these durations), and compare. */
class PaperCommandTest {

    @Test
    void quickRunOfOneExperimentWritesTheReport(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("g2");
        CliRun r = CliRun.of("paper", "--quick", "--tables", "G2", "--seconds", "0.02", "--max-warmup-rounds", "2",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("cell 4 of 4") && r.err().contains("left"), r.err());
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(8, json.getAsJsonArray("cells").size(), "4 cells x 2 engines");
        for (JsonElement e : json.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            assertEquals("ok", c.get("status").getAsString(), c.toString());
            assertEquals("G2", c.get("table").getAsString());
            assertTrue(c.get("median_ms").getAsDouble() > 0 && c.get("round_medians_ms").getAsJsonArray().size() == 3,
                    c.toString());
            assertTrue(c.get("median_ms").getAsDouble() <= c.get("p99_ms").getAsDouble(), c.toString());
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| g=8 |"), md);
        assertTrue(md.contains("| 27.8 img/s CPU |"), "the paper's number beside ours: " + md);
        assertEquals(4, json.getAsJsonArray("cells").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(c -> c.get("engine").getAsString().equals("panama") && c.get("paper").getAsString().endsWith("img/s CPU"))
                .count(), "report.json carries the paper's number on our records");
        assertTrue(Files.size(out.resolve("G2.svg")) > 1000);

        CliRun compare = CliRun.of("paper", "compare", out.resolve("report.json").toString(),
                out.resolve("report.json").toString(), "--out", dir.resolve("cmp").toString());
        assertEquals(0, compare.exitCode(), compare.transcript());
        String cmp = Files.readString(dir.resolve("cmp/compare.md"));
        assertTrue(cmp.contains(" #2 |"), "second machine numbered");
        assertTrue(cmp.contains("| 40.0 img/s CPU |"), "compare prints the paper's number too: " + cmp);
    }

    @Test
    void unknownTableAndTooFewRoundsAreUsageErrors(@TempDir Path dir) {
        CliRun table = CliRun.of("paper", "--tables", "G9", "--out", dir.toString());
        assertEquals(2, table.exitCode(), table.transcript());
        assertTrue(table.err().contains("G9"), table.err());
        CliRun rounds = CliRun.of("paper", "--rounds", "2", "--out", dir.toString());
        assertEquals(2, rounds.exitCode(), rounds.transcript());
        assertTrue(rounds.err().contains("at least 3"), rounds.err());
        CliRun missing = CliRun.of("paper", "compare", dir.resolve("none.json").toString(),
                dir.resolve("none2.json").toString(), "--out", dir.toString());
        assertEquals(2, missing.exitCode(), missing.transcript());
    }
}
