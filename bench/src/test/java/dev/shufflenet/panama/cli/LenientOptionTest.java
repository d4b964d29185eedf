package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --lenient on every command that loads an ONNX file (issue 12): without it the file that breaks two
 * checker rules is refused naming the rule and the option; with it the command runs and prints each
 * tolerated rule on stderr, one line each.
 */
class LenientOptionTest {
    @TempDir Path dir;
    private String savedProfileDir;

    @BeforeEach
    void ownProfileDirectory() {
        savedProfileDir = System.getProperty("shufflenet.profile.dir");
        System.setProperty("shufflenet.profile.dir", dir.resolve("profile").toString());
    }

    @AfterEach
    void restore() {
        if (savedProfileDir != null) System.setProperty("shufflenet.profile.dir", savedProfileDir);
        else System.clearProperty("shufflenet.profile.dir");
    }

    /**
     * v1-g3-0.25 as exported, with two protobuf fields appended (a parser keeps the last value of a scalar
     * field and appends to a repeated one): ir_version 2^40 and a second default-domain opset entry (13).
     */
    private Path brokenModel() throws IOException {
        Path good = dir.resolve("good.onnx");
        ShuffleNet.export(ShuffleNet.builtIn("v1-g3-0.25"), good);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(Files.readAllBytes(good));
        b.write(0x08); // field 1 (ir_version), varint
        long v = 1L << 40;
        while (v >= 0x80) { b.write((int) (v & 0x7F) | 0x80); v >>>= 7; }
        b.write((int) v);
        b.writeBytes(new byte[] {0x42, 0x02, 0x10, 0x0D}); // field 8 (opset_import) {version: 13}
        Path bad = dir.resolve("broken.onnx");
        Files.write(bad, b.toByteArray());
        return bad;
    }

    private static List<String> toleratedLines(CliRun r, String command) {
        return r.err().lines().filter(l -> l.startsWith("shufflenet " + command + ": --lenient tolerated: ")).toList();
    }

    private static void assertToleratedBoth(CliRun r, String command, Path file) {
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = toleratedLines(r, command);
        assertEquals(2, lines.size(), r.transcript());
        assertTrue(lines.get(0).contains(file + ": ir_version 1099511627776") && lines.get(0).contains("[rule: ir-version]"),
                lines.get(0));
        assertTrue(lines.get(1).contains("domain '' more than once") && lines.get(1).contains("[rule: opset-import]"),
                lines.get(1));
    }

    @Test
    void infoRefusesTheFileStrictlyNamingTheRuleAndTheOption() throws IOException {
        Path bad = brokenModel();
        CliRun r = CliRun.of("info", "--model", bad.toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains(bad.toString()) && r.err().contains("[rule: ir-version]")
                && r.err().contains("--lenient"), r.err());
        assertEquals(List.of(), toleratedLines(r, "info"));
    }

    @Test
    void infoLenientPrintsEachToleratedRule() throws IOException {
        Path bad = brokenModel();
        CliRun r = CliRun.of("info", "--model", bad.toString(), "--size", "32", "--lenient");
        assertToleratedBoth(r, "info", bad);
        assertTrue(r.out().contains("total:"), r.out());
    }

    @Test
    void runLenient() throws IOException {
        Path bad = brokenModel();
        Path in = RunCommandTest.write(dir.resolve("x.f32"), new float[3 * 32 * 32]);
        CliRun r = CliRun.of("run", "--model", bad.toString(), "--input", in.toString(), "--shape", "1,3,32,32",
                "--output", dir.resolve("o.f32").toString(), "--backend", "java", "--lenient");
        assertToleratedBoth(r, "run", bad);
        assertTrue(Files.size(dir.resolve("o.f32")) == 1000 * 4, r.transcript());
    }

    @Test
    void profileLenient() throws IOException {
        Path bad = brokenModel();
        CliRun r = CliRun.of("profile", "--model", bad.toString(), "--size", "32", "--runs", "1", "--warmup-runs", "0", "--warmup-seconds", "0",
                "--backend", "java", "--lenient");
        assertToleratedBoth(r, "profile", bad);
    }

    @Test
    void calibrateLenient() throws IOException {
        Path bad = brokenModel();
        CliRun r = CliRun.of("calibrate", "--model", bad.toString(), "--size", "32", "--lenient");
        assertToleratedBoth(r, "calibrate", bad);
    }

    /** ONNX Runtime refuses ir_version 2^40 itself: bench then times this library alone and says why. */
    @Test
    void benchLenient() throws IOException {
        Path bad = brokenModel();
        CliRun r = CliRun.of("bench", "--model", bad.toString(), "--batch", "1", "--threads", "1", "--warmup-seconds", "0",
                "--seconds", "0.1", "--size", "32x32", "--backend", "java", "--lenient");
        assertToleratedBoth(r, "bench", bad);
        CliRun strict = CliRun.of("bench", "--model", bad.toString(), "--batch", "1", "--threads", "1",
                "--warmup-seconds", "0", "--seconds", "0.1", "--size", "32x32");
        assertEquals(2, strict.exitCode(), strict.transcript());
        assertTrue(strict.err().contains("[rule: ir-version]"), strict.err());
    }
}
