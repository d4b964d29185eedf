package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.KernelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A calibration says one line when it starts timing and one when the compile is done; a profile hit says nothing. */
class CalibrationLogTest {
    @TempDir Path dir;

    @Test
    void oneLineAtTheStartAndOneAtTheEndThenSilence() {
        List<String> lines = new ArrayList<>();
        Logger logger = Logger.getLogger(CalibrationLog.LOGGER);
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel() == Level.INFO) lines.add(r.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        logger.addHandler(h);
        try {
            Path file = dir.resolve("m.properties");
            Calibration c = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            assumeTrue(c.candidates().size() > 1, "only one GEMM candidate here: nothing is timed");
            c.choose("a", 24, 24, 64);
            c.choose("b", 48, 24, 64);
            c.choose("c", 24, 24, 64); // in the profile by now
            c.done();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("calibrating") && lines.get(0).contains(file.toString())
                    && lines.get(0).contains("java") && lines.get(0).contains(" s per shape"), lines.get(0));
            assertTrue(lines.get(1).startsWith("calibration done: timed 2 layer shapes in ")
                    && lines.get(1).contains(file.toString()), lines.get(1));

            lines.clear();
            Calibration again = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            again.choose("a", 24, 24, 64);
            again.done();
            assertEquals(List.of(), lines, "shapes in the profile: nothing to say");
        } finally {
            logger.removeHandler(h);
        }
    }
}
