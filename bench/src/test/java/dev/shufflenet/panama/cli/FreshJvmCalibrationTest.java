package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bench, profile and paper with the auto backend calibrate in a fresh JVM first, so that the JVM that measures only reads
 * the profile; what this JVM calibrated itself is seen on the calibration logger, which logs whenever it times.
 */
class FreshJvmCalibrationTest {
    @TempDir Path dir;
    private String savedDir;
    private final Logger calibrationLog = Logger.getLogger("dev.shufflenet.panama.calibration");
    private final List<String> loggedHere = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) { loggedHere.add(String.valueOf(r.getMessage())); }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @BeforeEach
    void ownProfileDirectoryAndListenToTheCalibration() {
        savedDir = System.getProperty("shufflenet.profile.dir");
        System.setProperty("shufflenet.profile.dir", dir.toString());
        calibrationLog.addHandler(handler);
    }

    @AfterEach
    void restore() {
        calibrationLog.removeHandler(handler);
        if (savedDir != null) System.setProperty("shufflenet.profile.dir", savedDir);
        else System.clearProperty("shufflenet.profile.dir");
        System.clearProperty(FreshJvmCalibration.PROPERTY);
    }

    @Test
    void benchCalibratesInAFreshJvmAndThenOnlyReadsTheProfile() throws IOException {
        CliRun first = bench();
        assertEquals(0, first.exitCode(), first.transcript());
        long shapes = profileShapes();
        assertTrue(shapes > 0, "the fresh JVM wrote the shapes into this test's profile directory");
        assertTrue(first.err().contains("calibrated " + shapes + " new layer shapes in a fresh JVM first"),
                "it says how many shapes it added, as many as the profile holds:\n" + first.transcript());
        assertFalse(calibratedHere(), "this JVM timed nothing itself: " + loggedHere);

        CliRun second = bench();
        assertEquals(0, second.exitCode(), second.transcript());
        assertFalse(second.err().contains("fresh JVM"), "every shape was in the profile: nothing to say\n"
                + second.transcript());
        assertFalse(calibratedHere(), loggedHere.toString());
    }

    @Test
    void profileCalibratesInAFreshJvmToo() throws IOException {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--size", "32", "--warmup-runs", "1",
                "--warmup-seconds", "0", "--runs", "2", "--top", "3");
        assertEquals(0, r.exitCode(), r.transcript());
        long shapes = profileShapes();
        assertTrue(shapes > 0);
        assertTrue(r.err().contains("shufflenet profile: calibrated " + shapes + " new layer shapes in a fresh JVM first"),
                r.transcript());
        assertFalse(calibratedHere(), loggedHere.toString());
    }

    /** paper's cells include graphs that are not built-ins (G2's group-count networks): the child builds the same. */
    @Test
    void paperCalibratesItsCellsInAFreshJvm() throws IOException {
        CliRun r = CliRun.of("paper", "--quick", "--tables", "G2", "--seconds", "0.02", "--max-warmup-rounds", "2",
                "--out", dir.resolve("report").toString());
        assertEquals(0, r.exitCode(), r.transcript());
        long shapes = profileShapes();
        assertTrue(shapes > 0);
        assertTrue(r.err().contains("shufflenet paper: calibrated " + shapes + " new layer shapes in a fresh JVM first"),
                r.transcript());
        assertFalse(calibratedHere(), "every cell's shapes were in the profile before it compiled: " + loggedHere);
    }

    @Test
    void theSwitchKeepsTheCalibrationInThisJvm() {
        System.setProperty(FreshJvmCalibration.PROPERTY, "false");
        CliRun r = bench();
        assertEquals(0, r.exitCode(), r.transcript());
        assertFalse(r.err().contains("fresh JVM"), r.transcript());
        assertTrue(calibratedHere(), "this JVM calibrated: " + loggedHere);
    }

    /** A fixed backend calibrates nothing, so no fresh JVM is started. */
    @Test
    void aFixedBackendStartsNoFreshJvm() throws IOException {
        CliRun r = CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1", "--warmup-seconds", "0",
                "--seconds", "0.1", "--size", "32", "--backend", "java");
        assertEquals(0, r.exitCode(), r.transcript());
        assertFalse(r.err().contains("fresh JVM"), r.transcript());
        assertEquals(0, profileShapes());
    }

    private static CliRun bench() {
        return CliRun.of("bench", "--model", "v2-0.5", "--batch", "1", "--threads", "1", "--warmup-seconds", "0",
                "--seconds", "0.1", "--size", "32", "--json");
    }

    private boolean calibratedHere() {
        return loggedHere.stream().anyMatch(m -> m.contains("calibrating the GEMM backends"));
    }

    private long profileShapes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(p -> p.toString().endsWith(".properties")).findFirst().orElse(null);
            if (file == null) return 0;
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("gemm.") || l.startsWith("gemv.")).count();
        }
    }
}
