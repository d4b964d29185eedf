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

    @Test
    void reusesAFileOfTheSameSize() throws IOException {
        Path target = dir.resolve("extract-me.txt");
        byte[] sameSize = new byte[resourceBytes().length];
        java.util.Arrays.fill(sameSize, (byte) 'x');
        Files.write(target, sameSize);
        NativeResourceCache.extract(LOADER, RESOURCE, target);
        // Untouched: the cache trusts a file of the right size (that is what makes a second start cheap).
        assertArrayEquals(sameSize, Files.readAllBytes(target));
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
            return s.toList();
        }
    }
}
