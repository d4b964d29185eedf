package dev.shufflenet.panama.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Model reading is bounded (issue 12, item 4): a file over the limit is refused by its size before a byte
 * is read, a stream after limit + 1 bytes, and FIFOs, devices and directories before they are opened.
 */
class OnnxBoundedReadingTest {
    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    @Test
    void twoGigabyteFileIsRefusedBySizeNotByOutOfMemory(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("huge.onnx");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30); // sparse: no disk used
        }
        String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.load(big)).getMessage();
        assertMentions(message, big.toString(), "model too large", "found " + (2L << 30) + " bytes",
                "limit is " + OnnxImporter.DEFAULT_MAX_MODEL_BYTES, OnnxImporter.MAX_MODEL_BYTES_PROPERTY);
    }

    @Test
    void fileJustOverTheLimitIsRefusedAndTheLimitIsConfigurable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.onnx");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(1001);
        }
        OnnxImporter.Options small = OnnxImporter.Options.strict().withMaxModelBytes(1000);
        assertMentions(assertThrows(OnnxImportException.class, () -> OnnxImporter.loadModel(file, small)).getMessage(),
                "found 1001 bytes", "limit is 1000 bytes");
        String previous = System.getProperty(OnnxImporter.MAX_MODEL_BYTES_PROPERTY);
        System.setProperty(OnnxImporter.MAX_MODEL_BYTES_PROPERTY, "1000");
        try {
            assertEquals(1000, OnnxImporter.Options.strict().maxModelBytes());
            assertMentions(assertThrows(OnnxImportException.class, () -> OnnxImporter.load(file)).getMessage(),
                    "limit is 1000 bytes");
            System.setProperty(OnnxImporter.MAX_MODEL_BYTES_PROPERTY, "lots");
            assertMentions(assertThrows(IllegalArgumentException.class, OnnxImporter.Options::strict).getMessage(),
                    OnnxImporter.MAX_MODEL_BYTES_PROPERTY, "'lots'");
        } finally {
            if (previous == null) System.clearProperty(OnnxImporter.MAX_MODEL_BYTES_PROPERTY);
            else System.setProperty(OnnxImporter.MAX_MODEL_BYTES_PROPERTY, previous);
        }
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.Options.strict().withMaxModelBytes(3L << 30)).getMessage(), "maxModelBytes", "found 3221225472");
    }

    @Test
    void endlessStreamIsReadOnlyToTheLimitPlusOne() {
        long[] served = {0};
        InputStream zeros = new InputStream() {
            @Override public int read() { served[0]++; return 0; }
            @Override public int read(byte[] b, int off, int len) { served[0] += len; return len; }
        };
        OnnxImporter.Options limit = OnnxImporter.Options.strict().withMaxModelBytes(1 << 20);
        String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.readModel(zeros, "stdin", limit)).getMessage();
        assertMentions(message, "stdin", "model too large", "more than 1048576 bytes");
        assertTrue(served[0] <= (1 << 20) + 1 + 8192, "read " + served[0] + " bytes, expected about the limit + 1");
    }

    @Test
    void devZeroIsRefusedAsADevice() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(OnnxImportException.class, () -> OnnxImporter.load(zero)).getMessage());
        assertMentions(message, "/dev/zero", "not a regular file", "device");
    }

    @Test
    void fifoIsRefusedWithoutBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("model.onnx");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        // Nobody ever writes to it: opening it for reading would block forever.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(OnnxImportException.class, () -> OnnxImporter.load(fifo)).getMessage());
        assertMentions(message, fifo.toString(), "not a regular file", "FIFO");
    }

    @Test
    void directoryIsRefused(@TempDir Path dir) {
        assertMentions(assertThrows(OnnxImportException.class, () -> OnnxImporter.load(dir)).getMessage(),
                dir.toString(), "not a regular file", "directory");
    }
}
