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
        // The first and last steps of every plan, and the v1 unit's layers by name.
        int input = out.indexOf(" input "), conv1 = out.indexOf("conv1"), output = out.indexOf(" output ");
        assertTrue(input > 0 && conv1 > input && output > conv1, out);
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
