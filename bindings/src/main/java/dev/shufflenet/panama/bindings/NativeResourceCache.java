package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Copies shared libraries shipped as class-path resources (inside a jar) to a directory on disk, where
 * {@code dlopen} can reach them, and makes sure that what is loaded is byte for byte what the jar holds.
 *
 * <p>Verified by content, before every load: a cached file is reused only when it has the entry's size and its
 * CRC-32 equals the one the jar records for the entry (written into the jar's directory when the jar was built;
 * for a resource outside a jar, the CRC-32 of the resource's bytes). A flipped byte, a truncation or another build
 * of the same size is extracted again; an extraction that does not reproduce the jar's CRC-32 on disk fails with
 * the reason, and the caller falls back to Java.
 *
 * <p>Why CRC-32 and not SHA-256: the check guards against a damaged cache (a disk error, a half-copied file, a
 * stray write), which CRC-32 catches with certainty for any burst of up to 32 bits and otherwise misses with
 * probability 2^-32; it costs a checksum of the file on every start. Measured on the cached OpenBLAS (37.5 MB) in
 * a fresh JVM on a loaded 2-core EPYC (load 12): CRC-32 64-97 ms, SHA-256 4,360 ms the first time (its intrinsic
 * needs C2, which a cold JVM has not run yet) and 135-170 ms after. Someone who can write the cache can also
 * write the checksum, so a stronger hash would add start-up time and no protection.
 *
 * <p>Writing goes to a temporary file in the same directory that is then renamed over the target, so a
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
     * @throws IOException when the resource is missing, the file cannot be written, or what was written does not
     *                     have the resource's CRC-32 (the message says which)
     */
    public static Path extract(ClassLoader loader, String resource, Path target) throws IOException {
        URL url = loader.getResource(resource);
        if (url == null) throw new IOException("class-path resource " + resource + " not found");
        URLConnection connection = url.openConnection();
        long expectedSize = connection.getContentLengthLong();
        long expectedCrc = recordedCrc(connection);
        if (expectedCrc < 0) {
            // Not in a jar (a classes directory): the checksum of the resource itself.
            try (InputStream in = connection.getInputStream()) {
                CRC32 crc = new CRC32();
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) crc.update(buffer, 0, n);
                expectedCrc = crc.getValue();
            }
            connection = url.openConnection();
            }
        if (intact(target, expectedSize, expectedCrc)) return target;

        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
        try {
            CRC32 crc = new CRC32();
            long copied;
            try (InputStream in = connection.getInputStream();
                 OutputStream out = new CheckedOutputStream(Files.newOutputStream(temp), crc)) {
                copied = in.transferTo(out);
            }
            if (expectedSize >= 0 && copied != expectedSize)
                throw new IOException("extracting " + resource + " to " + temp + " copied " + copied
                        + " bytes, expected " + expectedSize);
            if (crc.getValue() != expectedCrc)
                throw new IOException("extracting " + resource + ": its bytes have CRC-32 " + hex(crc.getValue())
                        + ", the jar records " + hex(expectedCrc) + " (a damaged jar?)");
            // Read back what the disk holds: what dlopen will map must be what the jar holds.
            long written = crc32(temp);
            if (written != expectedCrc)
                throw new IOException("extracting " + resource + " to " + temp + ": the written file has CRC-32 "
                        + hex(written) + ", the jar records " + hex(expectedCrc));
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** The CRC-32 the jar's directory records for the entry, or -1 when the resource is not a jar entry. */
    private static long recordedCrc(URLConnection connection) throws IOException {
        if (!(connection instanceof JarURLConnection jar)) return -1;
        var entry = jar.getJarEntry();
        return entry == null ? -1 : entry.getCrc();
    }

    /** Whether {@code target} has the expected size (when known) and CRC-32. */
    private static boolean intact(Path target, long expectedSize, long expectedCrc) throws IOException {
        if (!Files.isRegularFile(target)) return false;
        if (expectedSize >= 0 && Files.size(target) != expectedSize) return false;
        return crc32(target) == expectedCrc;
    }

    /** CRC-32 of a file (java.util.zip's, computed natively, so as fast in a cold JVM as in a warm one). */
    static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buffer.clear()) >= 0) crc.update(buffer.flip());
        }
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
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
