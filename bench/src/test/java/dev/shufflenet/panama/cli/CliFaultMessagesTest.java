package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's error lines keep the cause: why a model cannot be read, a cut JPEG, NaN logits. */
class CliFaultMessagesTest {
    @TempDir Path dir;

    @Test
    void fileErrorsKeepTheReasonBesideThePath() {
        // The JDK puts only the path in these exceptions' messages; the reason is the type or getReason().
        assertEquals("/m/x.onnx: permission denied", FileErrors.describe(new AccessDeniedException("/m/x.onnx")));
        assertEquals("/m/x.onnx: Too many levels of symbolic links",
                FileErrors.describe(new FileSystemException("/m/x.onnx", null, "Too many levels of symbolic links")));
        // ImageIO's wrapper with an empty reason: the cause is what counts.
        assertEquals("Caught exception during read: Java heap space", FileErrors.describe(
                new IOException("Caught exception during read: ", new OutOfMemoryError("Java heap space"))));
    }

    @Test
    void modelThatIsADirectoryOrAFifoIsNamedAsSuch() throws Exception {
        Path in = RunCommandTest.write(dir.resolve("in.f32"), new float[3 * 32 * 32]);
        Path d = Files.createDirectory(dir.resolve("models"));
        CliRun r = CliRun.of("run", "--model", d.toString(), "--input", in.toString(), "--shape", "1,3,32,32",
                "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains(d.toString()) && r.err().contains("is a directory"), r.err());

        Path fifo = dir.resolve("pipe.onnx");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() == 0) {
            r = CliRun.of("run", "--model", fifo.toString(), "--input", in.toString(), "--shape", "1,3,32,32",
                    "--output", dir.resolve("o.f32").toString());
            assertEquals(2, r.exitCode(), r.transcript());
            assertTrue(r.err().contains("pipe.onnx") && r.err().contains("not a regular file"), r.err());
        }
    }

    @Test
    void truncatedJpegIsRefusedWithANonZeroExit() throws IOException {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) for (int x = 0; x < 300; x++) image.setRGB(x, y, x * 7919 + y * 104729);
        Path whole = dir.resolve("photo.jpg");
        assertTrue(ImageIO.write(image, "jpeg", whole.toFile()));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--image", cut.toString(), "--backend", "java");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("cut.jpg") && r.err().contains("incomplete or corrupt"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void nanInputGivesANonZeroExitThatSaysSo() throws IOException {
        float[] nan = new float[3 * 32 * 32];
        Arrays.fill(nan, Float.NaN);
        Path in = RunCommandTest.write(dir.resolve("nan.f32"), nan);
        Path out = dir.resolve("o.f32");
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "1,3,32,32",
                "--output", out.toString(), "--backend", "java");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("1000 of 1000 logits are NaN or infinite"), r.err());
        assertTrue(Files.exists(out), "the logits are still written, as the message says");
    }

    @Test
    void threadCountOverTheLimitNamesTheRange() throws IOException {
        Path in = RunCommandTest.write(dir.resolve("x.f32"), new float[3 * 32 * 32]);
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "1,3,32,32",
                "--output", dir.resolve("o.f32").toString(), "--threads", "100000");
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("thread count must be from 1 to 1024") && r.err().contains("100000"), r.err());
    }

    @Test
    void finiteInputStillExitsZero() throws IOException {
        Path in = RunCommandTest.write(dir.resolve("x.f32"), RunCommandTest.random(3 * 32 * 32, 3));
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "1,3,32,32",
                "--output", dir.resolve("o.f32").toString(), "--backend", "java");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(ShuffleNet.builtInNames().contains("v2-0.5"));
    }
}
