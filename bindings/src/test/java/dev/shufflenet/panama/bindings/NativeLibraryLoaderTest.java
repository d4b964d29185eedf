package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void elfMagicAloneIsRefusedBeforeDlopen() throws IOException {
        Path stub = Files.write(dir.resolve("libstub.so"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(stub));
        assertFalse(r.loaded());
        assertEquals(stub + " is too short for an ELF header (7 bytes)", r.reason());
    }

    /** A real shared library of this JDK, small and never loaded by these tests under its copied name. */
    private static Path jdkLibrary() {
        Path lib = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        assumeTrue(Files.isRegularFile(lib) && System.getProperty("os.name").startsWith("Linux"), "no " + lib);
        return lib;
    }

    /**
     * Issue 12, finding 1: a truncated library named by an override used to reach dlopen, which maps the missing
     * tail and dies of SIGBUS on first touch. The size the headers promise is checked first.
     */
    @Test
    void truncatedLibraryIsRefusedBeforeDlopen() throws IOException {
        byte[] whole = Files.readAllBytes(jdkLibrary());
        assertNull(NativeFileCheck.problem(jdkLibrary(), System.getProperty("os.arch")), "the intact file passes");
        for (int keep : new int[] {whole.length / 2, whole.length - 1, 100}) {
            Path cut = Files.write(dir.resolve("libcut" + keep + ".so"), java.util.Arrays.copyOf(whole, keep));
            NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(cut));
            assertFalse(r.loaded());
            assertTrue(r.reason().startsWith(cut + " is truncated: "), r.reason());
            assertTrue(r.reason().endsWith("but the file has " + keep + " bytes"), r.reason());
        }
    }

    @Test
    void libraryForAnotherMachineIsRefusedBeforeDlopen() throws IOException {
        byte[] bytes = Files.readAllBytes(jdkLibrary());
        String arch = System.getProperty("os.arch");
        int other = arch.equals("aarch64") ? 62 : 183; // EM_X86_64 or EM_AARCH64
        bytes[18] = (byte) other;
        bytes[19] = 0;
        Path foreign = Files.write(dir.resolve("libforeign.so"), bytes);
        NativeLibraryLoader.Result r = NativeLibraryLoader.loadAll(List.of(foreign));
        assertFalse(r.loaded());
        assertEquals(foreign + " is built for " + (other == 62 ? "x86-64" : "aarch64") + " (ELF machine " + other
                + "), but this JVM runs on " + arch, r.reason());
        bytes[4] = 1; // ELFCLASS32
        Files.write(foreign, bytes);
        assertEquals(foreign + " is a 32-bit ELF file; this JVM needs a 64-bit library",
                NativeLibraryLoader.loadAll(List.of(foreign)).reason());
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
