package dev.shufflenet.panama;

import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Detecting the machine and running on the Java kernels load no native library; asking for OpenBLAS does. Each
 * case runs in its own JVM, because the test JVM has long loaded OpenBLAS for other tests; the child reports both
 * the loader's record and what /proc/self/maps shows mapped, so a load the record missed would still fail.
 */
class NativeLoadingTest {
    private static Map<String, String> child(String backend) throws IOException, InterruptedException {
        // Under the arm64 lane's qemu, ProcessBuilder would exec the arm64 java binary on the host.
        assumeFalse(Boolean.getBoolean("shufflenet.test.emulated"), "no child JVMs under emulation");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), PrintNativeLoads.class.getName(), backend);
        Path err = Files.createTempFile("native-loads", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String stderr = Files.readString(err);
        Files.delete(err);
        assertEquals(0, p.exitValue(), () -> "child JVM failed:\n" + out + stderr);
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) lines.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return lines;
    }

    @Test
    void javaBackendLoadsNoNativeLibrary() throws Exception {
        Map<String, String> c = child("java");
        assertEquals("1000", c.get("logits"));
        assertEquals("", c.get("afterDetect"), "Target.detect() looked for a native library");
        assertEquals("", c.get("afterRun"), "a run on --backend java looked for a native library");
        if (Files.isReadable(Path.of("/proc/self/maps"))) assertEquals("", c.get("mapped"), "mapped: " + c.get("mapped"));
    }

    /** The control: the same child does see a load, so the check above can fail. */
    @Test
    void openBlasBackendLoadsOpenBlasOnlyWhenAsked() throws Exception {
        assumeTrue(OpenBlasLibrary.status().loaded(), () -> "no OpenBLAS here: " + OpenBlasLibrary.status().reason());
        Map<String, String> c = child("openblas");
        assertEquals("", c.get("afterDetect"));
        assertTrue(c.get("afterRun").contains("OpenBLAS") && !c.get("afterRun").contains("ACL"), c.get("afterRun"));
        if (Files.isReadable(Path.of("/proc/self/maps")))
            assertTrue(List.of(c.get("mapped").split(",")).contains("libopenblas.so.0"), "mapped: " + c.get("mapped"));
    }
}
