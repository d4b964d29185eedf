package dev.shufflenet.panama.fuzz;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Structure-aware fuzzing of the ONNX importer, compiler and runtime against ONNX Runtime (issue 12).
 *
 * <p>CI mode (default): {@value #CI_CASES} cases from the fixed base seed {@value #CI_BASE_SEED}, about two
 * minutes on a 2-core machine. Open-ended mode: {@code -Dshufflenet.fuzz.seconds=1200} runs cases from a
 * random base seed (or {@code -Dshufflenet.fuzz.baseSeed=...}) until the time is up. Replay: {@code
 * -Dshufflenet.fuzz.seed=<case seed>} runs that one case and prints everything about it. For example:
 * <pre>mvn -B -ntp verify -pl shufflenet -am -Dtest=OnnxFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dshufflenet.fuzz.seconds=1200</pre>
 * Per mutation family the test prints how many files were tried and how each ended; it fails if any case
 * ended otherwise than agreeing with ONNX Runtime or being refused cleanly, and prints those seeds.
 */
class OnnxFuzzTest {
    static final long CI_BASE_SEED = 20261201L;
    static final int CI_CASES = 800;
    /** Generous: a torchvision case takes about a second on a loaded 2-core machine. */
    static final long CASE_TIMEOUT_SECONDS = Long.getLong("shufflenet.fuzz.caseTimeout", 120);

    @Test
    void everyMutantRunsAndAgreesOrIsRefusedCleanly() throws IOException {
        String replay = System.getProperty("shufflenet.fuzz.seed");
        long seconds = Long.getLong("shufflenet.fuzz.seconds", 0);
        OnnxFuzzHarness.Tally tally = new OnnxFuzzHarness.Tally();
        long start = System.nanoTime();
        try (OnnxFuzzHarness harness = new OnnxFuzzHarness(CASE_TIMEOUT_SECONDS)) {
            if (replay != null) {
                OnnxFuzzHarness.Result r = harness.run(Long.parseLong(replay.trim()));
                System.out.println("[fuzz] replay " + r);
                tally.add(r);
            } else {
                long base = seconds > 0 ? Long.getLong("shufflenet.fuzz.baseSeed", System.nanoTime()) : CI_BASE_SEED;
                SplittableRandom seeds = new SplittableRandom(base);
                System.out.println("[fuzz] base seed " + base + (seconds > 0 ? ", time budget " + seconds + " s" : ", " + CI_CASES + " cases"));
                long deadline = start + seconds * 1_000_000_000L;
                for (int i = 0; seconds > 0 ? System.nanoTime() < deadline : i < CI_CASES; i++) {
                    OnnxFuzzHarness.Result r = harness.run(seeds.nextLong());
                    tally.add(r);
                    if (r.outcome() == OnnxFuzzHarness.Outcome.OTHER) System.out.println("[fuzz] FAILURE " + describe(r));
                    else if (r.outcome() == OnnxFuzzHarness.Outcome.RAN_ORT_REFUSED || r.outcome() == OnnxFuzzHarness.Outcome.REFUSED_ORT_RAN
                            || Boolean.getBoolean("shufflenet.fuzz.verbose"))
                        System.out.println("[fuzz] " + describe(r).replace('\n', ' '));
                    if (seconds > 0 && (i + 1) % 500 == 0) System.out.print("[fuzz] after " + (i + 1) + " cases\n" + tally.table());
                }
            }
        }
        System.out.printf("[fuzz] %d cases in %.1f s%n%s", tally.total(), (System.nanoTime() - start) / 1e9, tally.table());
        StringBuilder failures = new StringBuilder();
        for (OnnxFuzzHarness.Result r : tally.failures) failures.append(describe(r)).append('\n');
        assertEquals(0, tally.failures.size(), "cases outside the contract (replay each with -Dshufflenet.fuzz.seed=...):\n" + failures);
    }

    private static String describe(OnnxFuzzHarness.Result r) {
        return "-Dshufflenet.fuzz.seed=" + r.seed() + " [" + r.family() + " on " + r.seedModel() + ": " + r.mutation()
                + "] " + r.outcome() + ": " + r.detail();
    }
}
