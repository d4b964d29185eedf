package dev.shufflenet.panama.bindings.openblas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Plans that end without a library, carried out in this JVM: none of them loads anything, so they cannot
 * interfere with the real load (the bundled library) that {@link OpenBlasBundledTest} makes.
 */
class OpenBlasLoaderTest {
    private static final ClassLoader LOADER = OpenBlasLoaderTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void disabledIsNotLoadedWithTheReason() {
        OpenBlasStatus s = OpenBlasLoader.execute(new OpenBlasPlan.Disabled("off by request"), LOADER);
        assertFalse(s.loaded());
        assertEquals(OpenBlasSource.DISABLED, s.source());
        assertEquals("off by request", s.reason());
        assertNull(s.path());
        assertEquals("OpenBLAS not loaded: off by request", s.describe());
    }

    @Test
    void unavailableIsNotLoadedWithTheReason() {
        OpenBlasStatus s = OpenBlasLoader.execute(new OpenBlasPlan.Unavailable("nothing here"), LOADER);
        assertFalse(s.loaded());
        assertEquals(OpenBlasSource.NONE, s.source());
        assertEquals("nothing here", s.reason());
    }

    @Test
    void badOverridePathIsNotLoadedAndNamesThePath() {
        Path missing = dir.resolve("no/libopenblas.so.0");
        OpenBlasStatus s = OpenBlasLoader.execute(override(missing), LOADER);
        assertFalse(s.loaded());
        assertEquals(OpenBlasSource.OVERRIDE, s.source());
        assertEquals(missing, s.path());
        assertTrue(s.reason().contains(missing.toString()), s.reason());
        assertTrue(s.reason().contains("-Dshufflenet.openblas.path"), s.reason());
    }

    @Test
    void overrideThatIsNoLibraryIsNotLoaded() throws IOException {
        Path junk = Files.writeString(dir.resolve("libopenblas.so.0"), "text, not ELF");
        OpenBlasStatus s = OpenBlasLoader.execute(override(junk), LOADER);
        assertFalse(s.loaded());
        assertTrue(s.reason().contains(junk.toString()), s.reason());
    }

    @Test
    void everyFailedAttemptIsReportedInOrder() throws IOException {
        Path junk = Files.writeString(dir.resolve("libopenblas.so"), "text, not ELF");
        var bundled = new OpenBlasPlan.Attempt(OpenBlasSource.BUNDLED, "bundled jar",
                List.of(dir.resolve("cache/libgfortran.so.5")), dir.resolve("cache/libopenblas.so.0"),
                List.of(new OpenBlasPlan.Extraction("org/bytedeco/openblas/linux-sparc/libopenblas.so.0",
                        dir.resolve("cache/libopenblas.so.0"))));
        var system = new OpenBlasPlan.Attempt(OpenBlasSource.SYSTEM, "system library", List.of(), junk, List.of());
        OpenBlasStatus s = OpenBlasLoader.execute(new OpenBlasPlan.Attempts(List.of(bundled, system), 1), LOADER);
        assertFalse(s.loaded());
        assertEquals(OpenBlasSource.SYSTEM, s.source(), "the last attempt is the one reported");
        int first = s.reason().indexOf("bundled jar: extracting org/bytedeco/openblas/linux-sparc/libopenblas.so.0");
        int second = s.reason().indexOf("system library: " + junk + " is not an ELF shared library");
        assertTrue(first >= 0 && second > first, s.reason());
        assertTrue(s.reason().contains("shufflenet.native.cache"), "an extraction failure says how to fix it");
    }

    @Test
    void missingDependencyStopsThatAttemptBeforeTheLibrary() throws IOException {
        Path lib = Files.writeString(dir.resolve("libopenblas.so.0"), "never reached");
        Path dep = dir.resolve("libgfortran.so.5");
        var attempt = new OpenBlasPlan.Attempt(OpenBlasSource.BUNDLED, "bundled jar", List.of(dep), lib, List.of());
        OpenBlasStatus s = OpenBlasLoader.execute(new OpenBlasPlan.Attempts(List.of(attempt), 1), LOADER);
        assertTrue(s.reason().contains(dep.toString()), s.reason());
    }

    private static OpenBlasPlan override(Path library) {
        return new OpenBlasPlan.Attempts(List.of(new OpenBlasPlan.Attempt(OpenBlasSource.OVERRIDE,
                "-Dshufflenet.openblas.path", List.of(), library, List.of())), 1);
    }
}
