package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies shared libraries shipped as class-path resources (inside a jar) to a directory on disk, where
 * {@code dlopen} can reach them, and makes sure what is loaded later is byte for byte what the jar holds.
 *
 * <p>Verified by content: at extraction the SHA-256 of the jar entry's bytes is computed while copying and written
 * beside the file ({@code <file>.sha256}). A later start reuses the file only when it has the entry's size and its
 * own SHA-256 matches that record; otherwise (a flipped byte, a missing record, another size) the file is
 * extracted again. Hashing the cached OpenBLAS (37 MB) takes tens of milliseconds once per JVM, which is what it
 * costs to never hand the dynamic loader a corrupted library (that crashes the process with SIGSEGV on every
 * start, before any Java code can fall back).
 *
 * <p>Writing goes to a temporary file in the same directory that is then renamed over the target, so a
 * concurrent JVM (or one killed half way) never sees, or loads, a half-written library; the digest record is
 * renamed into place after the library, so a library without its record is simply extracted again. A library
 * that is already mapped by another process stays valid when a rename replaces its directory entry.
 */
public final class NativeResourceCache {
    private NativeResourceCache() {}

    /** Where the SHA-256 of {@code target}'s expected bytes is recorded. */
    public static Path digestFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }

    /**
     * Makes sure {@code target} holds the bytes of class-path resource {@code resource}.
     *
     * @param loader   class loader that finds the resource
     * @param resource resource name, e.g. {@code org/bytedeco/openblas/linux-x86_64/libopenblas.so.0}
     * @param target   file to create or reuse; its directory is created when missing
     * @return {@code target}
     * @throws IOException when the resource is missing, the file cannot be written, or the written file does not
     *                     hash to the resource's digest (the message says which)
     */
    public static Path extract(ClassLoader loader, String resource, Path target) throws IOException {
        URL url = loader.getResource(resource);
        if (url == null) throw new IOException("class-path resource " + resource + " not found");
        URLConnection connection = url.openConnection();
        // Jar entries report their uncompressed size; -1 means unknown, and then we always copy.
        long expectedSize = connection.getContentLengthLong();
        if (expectedSize >= 0 && intact(target, expectedSize)) return target;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".part");
        Path tempDigest = Files.createTempFile(dir, target.getFileName() + ".", ".sha256.part");
        try {
            MessageDigest sha = sha256();
            long copied;
            try (InputStream in = connection.getInputStream();
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                copied = in.transferTo(out);
            }
            if (expectedSize >= 0 && copied != expectedSize)
                throw new IOException("extracting " + resource + " to " + temp + " copied " + copied
                        + " bytes, expected " + expectedSize);
            String digest = HexFormat.of().formatHex(sha.digest());
            // Read back what the disk holds: what dlopen will map must be what the jar holds.
            String written = hash(temp);
            if (!digest.equals(written))
                throw new IOException("extracting " + resource + " to " + temp + ": the written file hashes to "
                        + written + ", the resource to " + digest);
            Files.writeString(tempDigest, digest + "\n", StandardCharsets.US_ASCII);
            moveAtomically(temp, target);
            moveAtomically(tempDigest, digestFile(target));
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(tempDigest);
        }
        return target;
    }

    /** Whether {@code target} has the expected size and hashes to the digest recorded beside it. */
    private static boolean intact(Path target, long expectedSize) throws IOException {
        Path record = digestFile(target);
        if (!Files.isRegularFile(target) || Files.size(target) != expectedSize || !Files.isRegularFile(record))
            return false;
        String recorded = Files.readString(record, StandardCharsets.US_ASCII).trim();
        return recorded.equals(hash(target));
    }

    /** SHA-256 of a file, as lower-case hex. */
    static String hash(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (ch.read(buffer.clear()) >= 0) sha.update(buffer.flip());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
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
