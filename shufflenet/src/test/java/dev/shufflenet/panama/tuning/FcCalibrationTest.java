package dev.shufflenet.panama.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-pixel layer (the FC layer at batch 1) is calibrated among the target's FC candidates, the Java GEMV
 * last, under its own gemv key; a layer of several pixels never gets the GEMV.
 */
class FcCalibrationTest {
    @TempDir Path dir;

    @Test
    void oneColumnLayersWeighTheGemvUnderTheirOwnKey() throws Exception {
        System.setProperty("shufflenet.calibration.millis", "10");
        try {
            Path file = dir.resolve("machine.properties");
            Calibration c = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            List<GemmCandidate> fc = c.fcCandidates();
            assertEquals(GemmCandidate.JAVA_GEMV, fc.get(fc.size() - 1), "the GEMV is the last FC candidate: " + fc);
            assertTrue(fc.containsAll(c.candidates()), "the GEMM candidates are FC candidates too: " + fc);

            PointwiseConvKernel chosen = c.choose("fc", 40, 64, 1);
            GemmCandidate choice = c.choices().get("fc");
            assertTrue(fc.contains(choice), choice + " among " + fc);
            if (choice == GemmCandidate.JAVA_GEMV)
                assertEquals(GemvKernels.forSet(KernelRegistry.best()).name(), chosen.name());
            String saved = Files.readString(file);
            assertTrue(saved.contains("gemv.40x64=" + choice.id()), saved);
            assertTrue(!saved.contains("gemm.40x64x1="), "a one-pixel layer is not saved under a GEMM key: " + saved);

            Calibration again = new Calibration(Target.detect(), KernelRegistry.best(), CalibrationProfile.load(file));
            assertEquals(chosen.name(), again.choose("fc", 40, 64, 1).name());
            assertEquals(0, again.measuredShapes(), "the saved answer is reused");

            PointwiseConvKernel conv = c.choose("conv", 40, 64, 2);
            assertTrue(c.candidates().contains(c.choices().get("conv")) && !conv.name().startsWith("f32-gemv"),
                    conv.name());
        } finally {
            System.clearProperty("shufflenet.calibration.millis");
        }
    }

    @Test
    void theScalarSetGetsTheScalarGemv() {
        Calibration c = new Calibration(TargetConfigs.generic(0), KernelRegistry.scalar(), CalibrationProfile.inMemory());
        assertTrue(c.fcCandidates().contains(GemmCandidate.JAVA_GEMV), c.fcCandidates().toString());
        assertEquals("f32-gemv-scalar", GemvKernels.forSet(KernelRegistry.scalar()).name());
    }
}
