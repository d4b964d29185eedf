package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** calibrate ahead of time, --show what it saved, --clear it. */
class CalibrateCommandTest {
    @TempDir Path dir;
    private String saved;

    @BeforeEach
    void ownProfileDirectory() {
        saved = System.getProperty("shufflenet.profile.dir");
        System.setProperty("shufflenet.profile.dir", dir.toString());
    }

    @AfterEach
    void restore() {
        if (saved != null) System.setProperty("shufflenet.profile.dir", saved);
        else System.clearProperty("shufflenet.profile.dir");
    }

    @Test
    void calibrateThenShowThenClear() throws IOException {
        CliRun cal = CliRun.of("calibrate", "--model", "v1-g3-0.25", "--size", "32");
        assertEquals(0, cal.exitCode(), cal.transcript());
        assertTrue(cal.out().contains("v1-g3-0.25 at 32x32") && cal.out().contains(dir.toString()), cal.out());
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".properties")).findFirst().orElseThrow();
        }
        long shapes = Files.readAllLines(file).stream().filter(l -> l.startsWith("gemm.") || l.startsWith("gemv.")).count();
        assertTrue(shapes > 0, "the profile holds the shapes: " + Files.readString(file));
        assertTrue(Files.readString(file).contains(".g3="), "v1 g = 3's grouped layers have keys of their own: "
                + Files.readString(file));

        CliRun show = CliRun.of("calibrate", "--show");
        assertEquals(0, show.exitCode(), show.transcript());
        assertTrue(show.out().contains("profile: " + file) && show.out().contains(shapes + " layer shape"), show.out());
        assertEquals(shapes, show.out().lines().filter(l -> l.matches("  \\d+x\\d+(x\\d+(\\.g\\d+)?)? -> [\\w-]+")).count(), show.out());

        CliRun clear = CliRun.of("calibrate", "--clear");
        assertEquals(0, clear.exitCode(), clear.transcript());
        assertTrue(clear.out().contains("deleted " + file), clear.out());
        assertTrue(Files.notExists(file));
        CliRun again = CliRun.of("calibrate", "--show");
        assertTrue(again.out().contains("0 layer shapes"), again.out());

        CliRun both = CliRun.of("calibrate", "--show", "--clear");
        assertEquals(2, both.exitCode(), both.transcript());
    }
}
