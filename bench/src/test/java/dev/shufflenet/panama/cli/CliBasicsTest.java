package dev.shufflenet.panama.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --version, the help command, and one name per concept across commands (with the old ones as aliases). */
class CliBasicsTest {

    @Test
    void versionNamesProjectCommitJdkAndOnnxRuntime() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exitCode(), r.transcript());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.transcript());
        assertTrue(lines[0].matches("shufflenet-panama \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit \\S+\\)"), lines[0]);
        assertTrue(lines[1].startsWith("JDK " + Runtime.version()), lines[1]);
        assertTrue(lines[2].startsWith("ONNX Runtime 1."), lines[2]);
    }

    @Test
    void helpCommandPrintsTheUsageOfEachCommand() {
        CliRun all = CliRun.of("help");
        assertEquals(0, all.exitCode(), all.transcript());
        for (String cmd : new String[] {"info", "run", "export", "bench", "profile", "calibrate", "help"})
            assertTrue(all.out().contains("  " + cmd), cmd + " missing from:\n" + all.out());
        CliRun run = CliRun.of("help", "run");
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("Usage: shufflenet run") && run.out().contains("--image"), run.out());
        CliRun dashH = CliRun.of("run", "-h");
        assertEquals(0, dashH.exitCode(), dashH.transcript());
        assertTrue(dashH.out().contains("Usage: shufflenet run"), dashH.out());
    }

    @Test
    void modelAndSizeHaveOneNameEverywhereAndTheOldOnesStillWork() {
        JsonObject viaSize = info("--model", "v2-0.5", "--size", "64x96");
        JsonObject viaOld = info("--arch", "v2-0.5", "--height", "64", "--width", "96");
        assertEquals(64, viaSize.get("height").getAsInt());
        assertEquals(96, viaSize.get("width").getAsInt());
        assertEquals(viaSize.get("macs"), viaOld.get("macs"));
        JsonObject square = info("--model", "v2-0.5", "--size", "64");
        assertEquals(64, square.get("width").getAsInt());
        JsonObject dflt = info("--model", "v2-0.5");
        assertEquals(224, dflt.get("height").getAsInt());

        CliRun both = CliRun.of("info", "--model", "v2-0.5", "--size", "64x64", "--height", "64");
        assertEquals(2, both.exitCode(), both.transcript());
        assertTrue(both.err().contains("give the input size once"), both.err());
        CliRun bad = CliRun.of("info", "--model", "v2-0.5", "--size", "64by64");
        assertEquals(2, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("HEIGHTxWIDTH") && bad.err().contains("64by64"), bad.err());
        CliRun profile = CliRun.of("profile", "--arch", "v1-g3-0.25", "--size", "32x40", "--backend", "java",
                "--warmup-runs", "1", "--warmup-seconds", "0", "--runs", "1");
        assertEquals(0, profile.exitCode(), profile.transcript());
        assertTrue(profile.out().contains("32x40"), profile.out());
    }

    private static JsonObject info(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "info";
        System.arraycopy(args, 0, full, 1, args.length);
        full[full.length - 1] = "--json";
        CliRun r = CliRun.of(full);
        assertEquals(0, r.exitCode(), r.transcript());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }
}
