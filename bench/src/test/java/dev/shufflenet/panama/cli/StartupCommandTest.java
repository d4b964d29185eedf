package dev.shufflenet.panama.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * startup measures each engine in a fresh JVM of its own and reports its milestones in order; bad options
 * are usage errors. (What it measures is time, which no test asserts.)
 */
class StartupCommandTest {
    @Test
    void eachEngineIsMeasuredInAFreshJvmWithItsMilestonesInOrder() {
        CliRun r = CliRun.of("startup", "--model", "v2-0.5", "--engine", "panama,onnxruntime", "--repeat", "1",
                "--seconds", "0.2", "--json");
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonObject> rows = r.out().lines().filter(l -> l.startsWith("{"))
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(2, rows.size(), r.transcript());
        assertEquals(List.of("panama", "onnxruntime"), rows.stream().map(o -> o.get("engine").getAsString()).toList());
        for (JsonObject o : rows) {
            double atMain = o.get("atMain").getAsDouble();
            double firstLogits = o.get("atFirstResult").getAsDouble();
            double atSteady = o.get("atSteady").getAsDouble();
            int runs = o.get("runs").getAsInt();
            int toSteady = o.get("runsToSteady").getAsInt();
            assertTrue(atMain > 0 && atMain < firstLogits, o.toString());
            // The first logits come after loading, compiling and the first run, all counted from the JVM's start.
            assertTrue(firstLogits >= atMain + o.get("loadMs").getAsDouble() + o.get("compileMs").getAsDouble()
                    + o.get("firstRunMs").getAsDouble(), o.toString());
            assertTrue(toSteady >= 1 && toSteady <= runs && atSteady >= firstLogits, o.toString());
            assertEquals(0, o.get("warmUpRuns").getAsInt(), o.toString());
        }
    }

    @Test
    void anUnknownEngineIsAUsageError() {
        CliRun r = CliRun.of("startup", "--engine", "tensorflow");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--engine") && r.err().contains("tensorflow"), r.transcript());
    }
}
