package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NativeResourceCacheTest {
    private static final String RESOURCE = "dev/shufflenet/panama/bindings/extract-me.txt";
    private static final ClassLoader LOADER = NativeResourceCacheTest.class.getClassLoader();

    @TempDir
    Path dir;

    private static byte[] resourceBytes() throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsIntoMissingDirectoryWithTheResourceBytes() throws IOException {
        Path target = dir.resolve("a/b/extract-me.txt");
        assertEquals(target, NativeResourceCache.extract(LOADER, RESOURCE, target));
        assertArrayEquals(resourceBytes(), Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(target.getParent()), "no temporary file may be left behind");
    }

    /**
     * Issue 12, finding 1: a cached library with one flipped byte per 16 KB (same size) used to be trusted and
     * crashed the dynamic loader on every start. The cache now checks the file's CRC-32 against the resource's
     * before reuse, and extracts again on a mismatch.
     */
    @Test
    void reextractsAFileOfTheSameSizeWithOtherBytes() throws IOException {
        Path target = dir.resolve("extract-me.txt");
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        byte[] corrupt = Files.readAllBytes(target);
        for (int i = 0; i < corrupt.length; i += 16 * 1024) corrupt[i] ^= 0x5a;
        corrupt[corrupt.length - 1] ^= 0x01;
        Files.write(target, corrupt);
        assertEquals(resourceBytes().length, Files.size(target), "same size: a size check alone cannot tell");
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        assertArrayEquals(resourceBytes(), Files.readAllBytes(target));
    }

    @Test
    void aFileOfTheSameSizeWithOtherContentIsExtractedAgain() throws IOException {
        Path target = dir.resolve("extract-me.txt");
        byte[] sameSize = new byte[resourceBytes().length];
        java.util.Arrays.fill(sameSize, (byte) 'x');
        Files.write(target, sameSize);
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        assertArrayEquals(resourceBytes(), Files.readAllBytes(target));
    }

    @Test
    void reusesAnIntactExtraction() throws Exception {
        Path target = dir.resolve("extract-me.txt");
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        var past = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target, past);
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        assertEquals(past, Files.getLastModifiedTime(target), "an intact file is not written again");
        assertEquals(List.of(target), filesIn(dir));
    }

    /** From a real jar, as the libraries come: the CRC-32 the jar's directory records is what decides. */
    @Test
    void aCorruptedExtractionFromAJarIsExtractedAgain() throws Exception {
        byte[] library = new byte[100_000];
        new java.util.SplittableRandom(3).nextBytes(library);
        Path jar = dir.resolve("natives.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("native/libfake.so"));
            out.write(library);
            out.closeEntry();
        }
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Path target = dir.resolve("cache/libfake.so");
            NativeResourceCache.extract(loader, "native/libfake.so", target);
            assertArrayEquals(library, Files.readAllBytes(target));
            byte[] corrupt = library.clone();
            corrupt[50_000] ^= 0x10;
            Files.write(target, corrupt);
            NativeResourceCache.extract(loader, "native/libfake.so", target);
            assertArrayEquals(library, Files.readAllBytes(target), "the flipped bit was extracted over");
        }
    }

    @Test
    void replacesAFileOfAnotherSize() throws IOException {
        Path target = dir.resolve("extract-me.txt");
        Files.writeString(target, "truncated");
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        assertArrayEquals(resourceBytes(), Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void missingResourceIsAnIOExceptionNamingIt() {
        IOException e = assertThrows(IOException.class,
                () -> NativeResourceCache.extract(LOADER, "no/such/libfoo.so", dir.resolve("libfoo.so")));
        assertTrue(e.getMessage().contains("no/such/libfoo.so"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("libfoo.so")));
    }

    private static List<Path> filesIn(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
