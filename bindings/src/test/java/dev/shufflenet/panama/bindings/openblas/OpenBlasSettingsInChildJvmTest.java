package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The settings that change what gets loaded, each in its own JVM: a process can load only one OpenBLAS,
 * and the warning is printed once per process, so these cases cannot share the test JVM (which loads the
 * bundled library). Each child costs about half a second on x86; the system-library case runs only where
 * Debian's libopenblas0-pthread is installed.
 */
class OpenBlasSettingsInChildJvmTest {
    /** Debian/Ubuntu's libopenblas0-pthread; present only where someone installed it. */
    private static final List<Path> SYSTEM_OPENBLAS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0"),
            Path.of("/usr/lib/aarch64-linux-gnu/libopenblas.so.0"));

    private record Child(Map<String, String> status, String stderr) {
        String get(String key) {
            return status.get(key);
        }
    }

    /** Runs {@link PrintOpenBlasStatus} with these -D options and, when not null, $SHUFFLENET_OPENBLAS. */
    private static Child run(String envPath, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(properties));
        command.add(PrintOpenBlasStatus.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(OpenBlasLibrary.SPEC.env());
        if (envPath != null) pb.environment().put(OpenBlasLibrary.SPEC.env(), envPath);
        Path err = Files.createTempFile("openblas-child", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String stderr = Files.readString(err);
        Files.delete(err);
        assertEquals(0, p.exitValue(), () -> "child JVM failed:\n" + out + stderr);
        Map<String, String> status = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) status.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Child(status, stderr);
    }

    private static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) n++;
        return n;
    }

    @Test
    void offLoadsNothingAndDoesNotWarn() throws Exception {
        Child c = run(null, "-Dshufflenet.openblas=off");
        assertEquals("false", c.get("attemptedBefore"), "nothing is looked for before the first status() call");
        assertEquals("true", c.get("attemptedAfter"));
        assertEquals("false", c.get("loaded"));
        assertEquals("DISABLED", c.get("source"));
        assertTrue(c.get("reason").contains("shufflenet.openblas=off"), c.get("reason"));
        assertNull(c.get("sgemm"));
        assertEquals(0, count(c.stderr(), "WARNING"), c.stderr());
    }

    @Test
    void badOverridePathFromTheEnvironmentIsNotLoadedNamesThePathAndWarnsOnce() throws Exception {
        Path missing = Path.of("/nonexistent/shufflenet/libopenblas.so.0");
        Child c = run(missing.toString());
        assertEquals("false", c.get("loaded"));
        assertEquals("OVERRIDE", c.get("source"));
        assertEquals(missing.toString(), c.get("path"));
        assertTrue(c.get("reason").contains("$SHUFFLENET_OPENBLAS: " + missing), c.get("reason"));
        assertNull(c.get("status"), "status() must be computed once");
        assertEquals(1, count(c.stderr(), "pure-Java kernels will be used"), c.stderr());
        assertEquals(1, count(c.stderr(), "WARNING"), c.stderr());
        assertEquals(1, count(c.stderr(), "-Dshufflenet.natives=off to load no native library at all"),
                "the warning names the crash-safe way out: " + c.stderr());
    }

    @Test
    void nativesOffLoadsNothingAndDoesNotWarn() throws Exception {
        Child c = run(null, "-Dshufflenet.natives=off");
        assertEquals("false", c.get("loaded"));
        assertEquals("DISABLED", c.get("source"));
        assertEquals("native libraries are disabled by -Dshufflenet.natives=off", c.get("reason"));
        assertEquals(0, count(c.stderr(), "WARNING"), c.stderr());
    }

    /** The bundled library of this JVM, to copy from; the tests below need one. */
    private static Path bundledLibrary() {
        OpenBlasStatus s = OpenBlasLibrary.status();
        assumeTrue(s.loaded() && s.source() == NativeSource.BUNDLED, () -> "no bundled OpenBLAS here: " + s.describe());
        return s.path();
    }

    /**
     * Issue 12, finding 1: one flipped byte per 16 KB in the cached libopenblas (same size) crashed every later
     * start with SIGSEGV in the dynamic loader (exit 134). Now the second start sees the CRC-32 mismatch,
     * extracts again and loads.
     */
    @Test
    void aCorruptedCacheIsExtractedAgainNotLoaded(@TempDir Path cache) throws Exception {
        bundledLibrary();
        Child first = run(null, "-Dshufflenet.native.cache=" + cache);
        assertEquals("true", first.get("loaded"), first.get("reason"));
        Path lib = Path.of(first.get("path"));
        assertTrue(lib.startsWith(cache), lib.toString());
        byte[] bytes = Files.readAllBytes(lib);
        for (int i = 0; i < bytes.length; i += 16 * 1024) bytes[i] ^= (byte) 0xa5;
        Files.write(lib, bytes);
        Child second = run(null, "-Dshufflenet.native.cache=" + cache);
        assertEquals("true", second.get("loaded"), second.get("reason"));
        assertEquals("ok", second.get("sgemm"));
        assertEquals(0, count(second.stderr(), "WARNING"), second.stderr());
    }

    /**
     * Issue 12, finding 1: a truncated library named by -Dshufflenet.openblas.path crashed with SIGBUS (only the
     * ELF magic was checked). Now it is refused before dlopen, with the reason and one warning.
     */
    @Test
    void aTruncatedOverrideIsRefusedNotLoaded(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(bundledLibrary());
        Path cut = Files.write(dir.resolve("libopenblas.so.0"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Child c = run(null, "-Dshufflenet.openblas.path=" + cut);
        assertEquals("false", c.get("loaded"));
        assertTrue(c.get("reason").startsWith("-Dshufflenet.openblas.path: " + cut + " is truncated: "), c.get("reason"));
        assertEquals(1, count(c.stderr(), "WARNING"), c.stderr());
    }

    @Test
    void overrideWithALibraryThatIsNotOpenBlasIsNotLoaded() throws Exception {
        // The JDK's own libsyslookup.so: a real shared library without any OpenBLAS symbol.
        Path notBlas = Path.of(System.getProperty("java.home"), "lib", "libsyslookup.so");
        assumeTrue(Files.isRegularFile(notBlas), "no " + notBlas);
        Child c = run(null, "-Dshufflenet.openblas.path=" + notBlas);
        assertEquals("false", c.get("loaded"));
        assertTrue(c.get("reason").contains("is not OpenBLAS"), c.get("reason"));
        assertEquals(1, count(c.stderr(), "pure-Java kernels will be used"), c.stderr());
    }

    @Test
    void systemOpenBlasThroughTheOverrideLoadsAndMultiplies() throws Exception {
        Path system = SYSTEM_OPENBLAS.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(system != null, "no system OpenBLAS (apt-get install libopenblas0-pthread) in " + SYSTEM_OPENBLAS);
        Child c = run(null, "-Dshufflenet.openblas.path=" + system);
        assertEquals("true", c.get("loaded"), c.get("reason"));
        assertEquals("OVERRIDE", c.get("source"));
        assertEquals(system.toString(), c.get("path"));
        assertTrue(c.get("config").startsWith("OpenBLAS"), c.get("config"));
        assertFalse(c.get("core").isBlank());
        assertEquals("1", c.get("threads"));
        assertEquals("ok", c.get("sgemm"));
        assertEquals(0, count(c.stderr(), "WARNING"), c.stderr());
    }
}
