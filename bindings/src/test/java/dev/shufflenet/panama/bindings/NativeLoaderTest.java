package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Plans that end without a library, carried out in this JVM: none of them loads anything, so they cannot
 * interfere with the real loads other tests make. Every failure becomes a reason, never an exception.
 */
class NativeLoaderTest {
    private static final ClassLoader LOADER = NativeLoaderTest.class.getClassLoader();

    /** A status that records what the loader reported; {@code inspect} is never reached on these paths. */
    record Reported(boolean loaded, NativeSource source, String origin, Path path, String reason)
            implements NativeStatus {
        @Override
        public String describe() {
            return loaded ? "loaded " + path : "not loaded: " + reason;
        }
    }

    private static final NativeLoader.Outcome<Reported> OUTCOME = new NativeLoader.Outcome<>() {
        @Override
        public Reported notLoaded(NativeSource source, String origin, Path library, String reason) {
            return new Reported(false, source, origin, library, reason);
        }

        @Override
        public Reported inspect(NativePlan.Attempt attempt, int threads) {
            return fail("nothing here may load: " + attempt);
        }
    };

    @TempDir
    Path dir;

    private static Reported execute(NativePlan plan) {
        return NativeLoader.execute(plan, LOADER, OUTCOME);
    }

    @Test
    void skippedIsNotLoadedWithTheReasonAndIsQuiet() {
        Reported s = execute(new NativePlan.Skipped(NativeSource.DISABLED, "off by request"));
        assertFalse(s.loaded());
        assertEquals(NativeSource.DISABLED, s.source());
        assertEquals("off by request", s.reason());
        assertNull(s.path());
        assertTrue(s.quiet(), "switched off is no reason to warn");
        assertTrue(execute(new NativePlan.Skipped(NativeSource.ABSENT, "not for this platform")).quiet());
    }

    @Test
    void unavailableIsNotLoadedWithTheReasonAndWarns() {
        Reported s = execute(new NativePlan.Unavailable("nothing here"));
        assertFalse(s.loaded());
        assertEquals(NativeSource.NONE, s.source());
        assertEquals("nothing here", s.reason());
        assertFalse(s.quiet());
    }

    @Test
    void badOverridePathIsNotLoadedAndNamesThePathAndTheSetting() {
        Path missing = dir.resolve("no/libopenblas.so.0");
        Reported s = execute(override(missing));
        assertFalse(s.loaded());
        assertEquals(NativeSource.OVERRIDE, s.source());
        assertEquals(missing, s.path());
        assertEquals("-Dshufflenet.openblas.path: " + missing + " does not exist or is not a regular file", s.reason());
        assertFalse(s.quiet());
    }

    @Test
    void overrideThatIsNoLibraryIsNotLoaded() throws IOException {
        Path junk = Files.writeString(dir.resolve("libopenblas.so.0"), "text, not ELF");
        Reported s = execute(override(junk));
        assertFalse(s.loaded());
        assertTrue(s.reason().startsWith("-Dshufflenet.openblas.path: " + junk), s.reason());
    }

    @Test
    void everyFailedAttemptIsReportedInOrder() throws IOException {
        Path junk = Files.writeString(dir.resolve("libopenblas.so"), "text, not ELF");
        var bundled = new NativePlan.Attempt(NativeSource.BUNDLED, "bundled jar",
                List.of(dir.resolve("cache/libgfortran.so.5")), dir.resolve("cache/libopenblas.so.0"),
                List.of(new NativePlan.Extraction("org/bytedeco/openblas/linux-sparc/libopenblas.so.0",
                        dir.resolve("cache/libopenblas.so.0"))));
        var system = new NativePlan.Attempt(NativeSource.SYSTEM, "directory " + dir, List.of(), junk, List.of());
        Reported s = execute(new NativePlan.Attempts(List.of(bundled, system), 1));
        assertFalse(s.loaded());
        assertEquals(NativeSource.SYSTEM, s.source(), "the last attempt is the one reported");
        assertEquals("directory " + dir, s.origin());
        int first = s.reason().indexOf("bundled jar: extracting org/bytedeco/openblas/linux-sparc/libopenblas.so.0");
        int second = s.reason().indexOf("directory " + dir + ": " + junk + " is not an ELF shared library");
        assertTrue(first >= 0 && second > first, s.reason());
        assertTrue(s.reason().contains("class-path resource org/bytedeco/openblas/linux-sparc/libopenblas.so.0 not found"),
                s.reason());
        assertTrue(s.reason().contains("(set -Dshufflenet.native.cache to a writable directory)"),
                "an extraction failure says how to fix it: " + s.reason());
        assertFalse(Files.exists(dir.resolve("cache/libopenblas.so.0")), "nothing half-extracted is left");
    }

    @Test
    void missingDependencyStopsThatAttemptBeforeTheLibrary() throws IOException {
        Path lib = Files.writeString(dir.resolve("libopenblas.so.0"), "never reached");
        Path dep = dir.resolve("libgfortran.so.5");
        var attempt = new NativePlan.Attempt(NativeSource.BUNDLED, "bundled jar", List.of(dep), lib, List.of());
        Reported s = execute(new NativePlan.Attempts(List.of(attempt), 1));
        assertEquals("bundled jar: " + dep + " does not exist or is not a regular file", s.reason());
    }

    private static NativePlan override(Path library) {
        return new NativePlan.Attempts(List.of(new NativePlan.Attempt(NativeSource.OVERRIDE,
                "-Dshufflenet.openblas.path", List.of(), library, List.of())), 1);
    }
}
