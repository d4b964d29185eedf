package dev.shufflenet.panama.tuning;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where profiles go when the home is unusable, with one warning however often profiles are opened and
 * saved; and clearing a profile. (A file stands in for the home directory: a read-only directory would
 * not stop root, who runs CI here.)
 */
class CalibrationProfileDirectoryTest {
    @TempDir Path dir;
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger(CalibrationLog.LOGGER);
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };
    private String savedDir, savedHome, savedTmp;

    @BeforeEach
    void capture() {
        savedDir = System.getProperty("shufflenet.profile.dir");
        savedHome = System.getProperty("user.home");
        savedTmp = System.getProperty("java.io.tmpdir");
        System.clearProperty("shufflenet.profile.dir");
        logger.addHandler(handler);
        CalibrationProfile.resetWarnings();
    }

    @AfterEach
    void restore() {
        logger.removeHandler(handler);
        if (savedDir != null) System.setProperty("shufflenet.profile.dir", savedDir);
        System.setProperty("user.home", savedHome);
        System.setProperty("java.io.tmpdir", savedTmp);
        CalibrationProfile.resetWarnings();
    }

    @Test
    void unusableHomeFallsBackToTheTempDirectoryWithOneWarning() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("home-is-a-file"), "x");
        System.setProperty("user.home", notADirectory.toString());
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        System.setProperty("java.io.tmpdir", tmp.toString());
        for (int i = 0; i < 9; i++) {
            CalibrationProfile p = CalibrationProfile.forTarget(Target.detect());
            assertTrue(p.file().orElseThrow().startsWith(tmp), p.file().toString());
            p.put(CalibrationProfile.gemmKey(8, 8, i + 1), GemmCandidate.JAVA);
            p.save();
            assertTrue(Files.isRegularFile(p.file().get()));
        }
        assertEquals(1, warnings.size(), () -> warnings.stream().map(LogRecord::getMessage).toList().toString());
        String m = warnings.get(0).getMessage();
        assertTrue(m.contains(notADirectory.toString()) && m.contains(tmp.toString()) && m.contains("-Dshufflenet.profile.dir"), m);
    }

    @Test
    void nothingWritableKeepsProfilesInMemoryWithOneWarning() {
        Path file = dir.resolve("blocker");
        try {
            Files.writeString(file, "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.setProperty("user.home", file.toString());
        System.setProperty("java.io.tmpdir", file.toString());
        for (int i = 0; i < 3; i++) {
            CalibrationProfile p = CalibrationProfile.forTarget(Target.detect());
            assertTrue(p.file().isEmpty());
            p.save();
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("memory"), warnings.get(0).getMessage());
    }

    @Test
    void clearDeletesTheFileAndForgetsTheAnswers() throws Exception {
        CalibrationProfile p = CalibrationProfile.load(dir.resolve("m.properties"));
        p.put(CalibrationProfile.gemmKey(58, 58, 784), GemmCandidate.JAVA);
        p.save();
        assertTrue(Files.isRegularFile(dir.resolve("m.properties")));
        assertTrue(p.clear());
        assertFalse(Files.exists(dir.resolve("m.properties")));
        assertTrue(p.entries().isEmpty());
        assertFalse(p.clear(), "nothing left to delete");
    }
}
