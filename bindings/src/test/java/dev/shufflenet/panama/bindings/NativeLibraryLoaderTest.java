package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Failure paths only: they load nothing, so they cannot disturb the one real load of this JVM. */
class NativeLibraryLoaderTest {
    @TempDir
    Path dir;

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("libmissing.so");
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(missing));
        assertFalse(r.loaded());
        assertEquals(missing, r.failed());
        assertTrue(r.reason().contains(missing.toString()), r.reason());
    }

    @Test
    void fileThatIsNoLibraryIsReportedNotThrown() throws IOException {
        Path junk = Files.writeString(dir.resolve("libjunk.so"), "not an ELF file");
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(junk));
        assertFalse(r.loaded());
        assertEquals(junk, r.failed());
        assertTrue(r.reason().contains(junk.toString()), r.reason());
    }

    @Test
    void elfFileThatDlopenRefusesIsReportedNotThrown() throws IOException {
        // The ELF magic and nothing else: past the Java-side check, refused by dlopen itself. (HotSpot prints
        // a harmless "might have disabled stack guard" line for this file: it inspects any library dlopen refused.)
        Path truncated = Files.write(dir.resolve("libtruncated.so"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(truncated));
        assertFalse(r.loaded());
        assertTrue(r.reason().startsWith("loading " + truncated + " failed"), r.reason());
    }

    @Test
    void stopsAtTheFirstFailure() throws IOException {
        Path junk = Files.writeString(dir.resolve("libjunk.so"), "not an ELF file");
        Path never = dir.resolve("libnever.so");
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(junk, never));
        assertEquals(junk, r.failed());
    }

    @Test
    void emptyListLoads() {
        assertTrue(NativeLibraryLoader.loadAll(List.of()).loaded());
    }
}
