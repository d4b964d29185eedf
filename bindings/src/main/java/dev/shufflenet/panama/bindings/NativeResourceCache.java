package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies shared libraries shipped as class-path resources (inside a jar) to a directory on disk, where
 * {@code dlopen} can reach them.
 *
 * <p>Each file is extracted once: a file already in the cache with the size of the resource is reused.
 * Writing goes to a temporary file in the same directory that is then renamed over the target, so a
 * concurrent JVM (or one killed half way) never sees, or loads, a half-written library. A library that is
 * already mapped by another process stays valid when a rename replaces its directory entry.
 */
public final class NativeResourceCache {
    private NativeResourceCache() {}

    /**
     * Makes sure {@code target} holds the bytes of class-path resource {@code resource}.
     *
     * @param loader   class loader that finds the resource
     * @param resource resource name, e.g. {@code org/bytedeco/openblas/linux-x86_64/libopenblas.so.0}
     * @param target   file to create or reuse; its directory is created when missing
     * @return {@code target}
     * @throws IOException when the resource is missing or the file cannot be written (the message says which)
     */
    public static Path extract(ClassLoader loader, String resource, Path target) throws IOException {
        URL url = loader.getResource(resource);
        if (url == null) throw new IOException("class-path resource " + resource + " not found");
        URLConnection connection = url.openConnection();
        // Jar entries report their uncompressed size; -1 means unknown, and then we always copy.
        long expectedSize = connection.getContentLengthLong();
        if (expectedSize >= 0 && Files.isRegularFile(target) && Files.size(target) == expectedSize) {
            return target;
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
        try {
            long copied;
            try (InputStream in = connection.getInputStream()) {
                copied = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (expectedSize >= 0 && copied != expectedSize)
                throw new IOException("extracting " + resource + " to " + temp + " copied " + copied
                        + " bytes, expected " + expectedSize);
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on odd file systems; a plain replace is the best left.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
