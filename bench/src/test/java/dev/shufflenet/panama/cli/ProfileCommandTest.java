package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileCommandTest {

    @Test
    void listsEveryStepInPlanOrderAndSumsPerKernel() {
        CliRun r = CliRun.of("profile", "--model", "v1-g3-0.25", "--size", "32", "--backend", "java",
                "--warmup-runs", "1", "--runs", "3", "--top", "0");
        assertEquals(0, r.exitCode(), r.transcript());
        String out = r.out();
        assertTrue(out.contains("v1-g3-0.25, batch 1, 32x32, backend java"), out);
        assertTrue(out.contains("steps in plan order:"), out);
        // The first and last steps of the plan (the stem reads the NCHW input itself: no layout step before it),
        // and the v1 unit's layers by name.
        int stem = out.indexOf("conv1+relu+maxpool"), output = out.indexOf(" output ");
        assertTrue(stem > 0 && output > stem, out);
        assertTrue(out.contains("f32-stem-conv3x3s2-relu-maxpool3x3s2-"), "the fused stem is listed: " + out);
        assertTrue(out.contains("stage3_0_gconv2"), out);
        assertTrue(out.contains("per kernel:"), out);
        assertTrue(out.contains("f32-gemm-"), "the pointwise kernel is listed: " + out);
    }

    @Test
    void topLimitsTheListToTheSlowestSteps() {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--size", "32", "--backend", "java",
                "--warmup-runs", "0", "--runs", "1", "--top", "3");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("slowest 3 steps:"), r.out());
    }

    @Test
    void rejectsANonPositiveBatch() {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--batch", "0");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--batch must be positive, found 0"), r.transcript());
    }
}
