package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration measures each shape once per machine, saves it, and reuses it. */
class CalibrationTest {
    @TempDir Path dir;

    @Test
    void measuresOnceThenReusesTheSavedProfile() throws Exception {
        System.setProperty("shufflenet.calibration.millis", "10");
        try {
            Path file = dir.resolve("machine.properties");
            Calibration first = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            PointwiseConvKernel a = first.choose("layerA", 58, 58, 196);
            PointwiseConvKernel b = first.choose("layerB", 58, 58, 196); // same shape: no new measurement
            assertNotNull(a);
            assertEquals(a.name(), b.name());
            int expectedMeasurements = first.candidates().size() > 1 ? 1 : 0;
            assertEquals(expectedMeasurements, first.measuredShapes());
            assertTrue(Files.isRegularFile(file), "profile not saved");
            assertTrue(Files.readString(file).contains("gemm.58x58x196="));

            Calibration second = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            assertEquals(a.name(), second.choose("layerA", 58, 58, 196).name());
            assertEquals(0, second.measuredShapes());
            assertEquals(first.choices().get("layerA"), second.choices().get("layerA"));
        } finally {
            System.clearProperty("shufflenet.calibration.millis");
        }
    }

    @Test
    void weighsTheTargetsBackendsInItsOrder() throws Exception {
        for (TargetConfig config : List.of(TargetConfigs.generic(0), TargetConfigs.x86Avx2(256),
                TargetConfigs.arm64Neon(128))) {
            Calibration c = new Calibration(config, KernelRegistry.scalar(),
                    CalibrationProfile.load(dir.resolve(config.name() + ".properties")));
            List<GemmCandidate> loaded = config.gemmBackends().stream().map(GemmCandidate::of)
                    .filter(g -> g.kernel(KernelRegistry.scalar()).isPresent()).toList();
            assertEquals(loaded, c.candidates(), config.name());
            assertTrue(c.candidates().contains(GemmCandidate.JAVA), config.name() + ": Java always loads");
        }
    }

    @Test
    void aBrokenProfileIsIgnored() throws Exception {
        Path file = dir.resolve("broken.properties");
        Files.writeString(file, "format=2\ngemm.1x1x1=quantum-annealer\n");
        CalibrationProfile p = CalibrationProfile.load(file);
        assertTrue(p.entries().isEmpty());
    }
}
