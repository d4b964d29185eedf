package dev.shufflenet.panama.selftest;

import com.google.gson.reflect.TypeToken;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The vector kernels at 128 bits (the NEON width) on a wider machine. The species is a static final constant
 * (C2 intrinsifies only constants), so another width needs another JVM: this one's java binary and class path,
 * {@code -D}{@value VectorConfig#PROPERTY}{@code =128}, running {@link SelftestChild}, which prints its
 * {@link SetResult} as JSON on standard output.
 */
final class NarrowSpeciesPass {
    static final int BITS = 128;
    static final String FLAG = "-D" + VectorConfig.PROPERTY + "=" + BITS;
    /** Generous: the whole pass takes seconds; a hung child must not hang the self-test. */
    static final long TIMEOUT_SECONDS = 300;

    /** The outcome: the set's results, or null with the reason in {@code note}. */
    record Outcome(SetResult set, String note) {}

    private NarrowSpeciesPass() {}

    /** Whether this JVM's species is wider than 128 bits, so that a 128-bit pass checks something new. */
    static String whyNot() {
        if (!KernelRegistry.vectorApiAvailable()) return "skipped: no Vector API in this JVM";
        if (VectorConfig.BITS <= BITS) return "not needed: this JVM already runs " + VectorConfig.BITS + "-bit vectors";
        return null;
    }

    static Outcome run(boolean quick) {
        String why = whyNot();
        if (why != null) return new Outcome(null, why);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = null;
        try {
            stderr = Files.createTempFile("shufflenet-selftest-", ".stderr");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "--add-modules=" + KernelRegistry.VECTOR_MODULE,
                    "--enable-native-access=ALL-UNNAMED", FLAG, "-cp", System.getProperty("java.class.path"),
                    SelftestChild.class.getName(), quick ? "--quick" : "--full");
            pb.redirectError(stderr.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the " + BITS + "-bit child JVM did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String json = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || json.isEmpty())
                return new Outcome(null, "FAILED: the child JVM (" + FLAG + ") exited with " + p.exitValue() + ": "
                        + tail(Files.readString(stderr)));
            SetResult set = SelftestReport.GSON.fromJson(json, new TypeToken<SetResult>() {}.getType());
            return new Outcome(set, "ran in a child JVM with " + FLAG);
        } catch (IOException e) {
            return new Outcome(null, "FAILED: could not start a child JVM (" + java + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "FAILED: interrupted");
        } finally {
            if (stderr != null) stderr.toFile().delete();
        }
    }

    private static String tail(String s) {
        List<String> lines = s.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
