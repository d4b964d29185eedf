package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileCommandTest {

    @Test
    void listsEveryStepInPlanOrderAndSumsPerKernel() {
        CliRun r = CliRun.of("profile", "--model", "v1-g3-0.25", "--size", "32", "--backend", "java",
                "--warmup-runs", "1", "--warmup-seconds", "0", "--runs", "3", "--top", "0");
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
                "--warmup-runs", "0", "--warmup-seconds", "0", "--runs", "1", "--top", "3");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("slowest 3 steps:"), r.out());
    }

    /** ORT's own profile of the same graph: its convs are there, and the per-node medians add up to its sum line. */
    @Test
    void onnxRuntimeProfileFollowsWithItsNodesAndOperators() {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--size", "32", "--backend", "java",
                "--warmup-runs", "2", "--warmup-seconds", "0", "--runs", "5", "--top", "0", "--onnxruntime");
        assertEquals(0, r.exitCode(), r.transcript());
        String out = r.out();
        int ours = out.indexOf("v2-0.5, batch 1, 32x32, backend java"), peer = out.indexOf("ONNX Runtime 1.23.2 on the same graph");
        assertTrue(ours >= 0 && peer > ours, "ours first, then ORT's: " + out);
        String ort = out.substring(peer);
        assertTrue(ort.contains("nodes in run order:") && ort.contains("per operator:"), ort);
        // torchvision's stem and convs: ORT fuses Conv+Relu but keeps the op type Conv (or FusedConv).
        assertTrue(ort.lines().anyMatch(l -> l.matches("\\s+[0-9.]+\\s+[0-9.]+\\s+(Conv|FusedConv)\\s+\\S+.*")), ort);
        java.util.regex.Matcher sum = java.util.regex.Pattern.compile("(\\d+) nodes, sum of node medians ([0-9.]+) ms").matcher(ort);
        assertTrue(sum.find(), ort);
        double listed = ort.lines().takeWhile(l -> !l.startsWith("per operator:"))
                .filter(l -> l.matches("\\s+[0-9.]+\\s+[0-9.]+\\s+\\S+\\s+\\S+.*"))
                .mapToDouble(l -> Double.parseDouble(l.trim().split("\\s+")[0])).sum();
        assertEquals(Double.parseDouble(sum.group(2)) * 1000, listed, 0.05 * Integer.parseInt(sum.group(1)) + 1,
                "the listed node medians (0.1 us each printed) add up to the sum: " + ort);
    }

    @Test
    void rejectsANonPositiveBatch() {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--batch", "0");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--batch must be positive, found 0"), r.transcript());
    }

    /**
     * The warm-up lasts the runs asked for and the time asked for, whichever ends later: a step called once per run
     * needs C2, which counts calls and, on a busy machine, queues; a run count alone left such steps uncompiled.
     */
    @Test
    void warmUpLastsAtLeastItsTimeAsWellAsItsRuns() {
        CliRun r = CliRun.of("profile", "--model", "v1-g3-0.25", "--size", "32", "--backend", "java",
                "--warmup-runs", "1", "--warmup-seconds", "0.5", "--runs", "1", "--top", "1");
        assertEquals(0, r.exitCode(), r.transcript());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("after a warm-up of (\\d+) runs in ([0-9.]+) s, then 1 timed runs").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 1, "more runs than the one asked for, to fill 0.5 s: " + r.out());
        assertTrue(Double.parseDouble(m.group(2)) >= 0.5, r.out());

        CliRun runsOnly = CliRun.of("profile", "--model", "v1-g3-0.25", "--size", "32", "--backend", "java",
                "--warmup-runs", "30", "--warmup-seconds", "0", "--runs", "1", "--top", "1");
        assertEquals(0, runsOnly.exitCode(), runsOnly.transcript());
        assertTrue(runsOnly.out().contains("after a warm-up of 30 runs in "), runsOnly.out());
    }

    @Test
    void rejectsANegativeWarmUpTime() {
        CliRun r = CliRun.of("profile", "--model", "v2-0.5", "--warmup-seconds", "-1");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("--warmup-seconds must be between 0 and 600, found -1.0"), r.transcript());
    }
}
