package dev.shufflenet.panama.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults while decoding keep their cause: a JPEG cut short is refused, a heap too small is named. */
class ImageFilesFaultsTest {
    @TempDir Path dir;

    @Test
    void jpegCutInHalfIsRefusedNamingTheFile() throws IOException {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 256; i += 16) {
            g.setColor(new Color(i, 255 - i, (i * 7) & 255));
            g.fillRect(i, 0, 16, 256);
        }
        g.dispose();
        Path whole = dir.resolve("whole.jpg");
        assertTrue(ImageIO.write(image, "jpeg", whole.toFile()));
        assertEquals(256, ImageFiles.read(whole).getWidth(), "the whole file reads");
        byte[] bytes = Files.readAllBytes(whole);
        Path half = Files.write(dir.resolve("half.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(half));
        assertTrue(e.getMessage().contains("half.jpg") && e.getMessage().contains("incomplete or corrupt"), e.getMessage());
    }

    @Test
    void heapTooSmallForTheImageIsNamedWithTheSize() throws Exception {
        // 4000 x 4000 RGB decodes into a 48 MB raster: in a JVM with a 32 MB heap ImageIO fails with an
        // OutOfMemoryError wrapped in "Caught exception during read: ", which must not be all the user sees.
        Path png = dir.resolve("big.png");
        assertTrue(ImageIO.write(new BufferedImage(4000, 4000, BufferedImage.TYPE_INT_RGB), "png", png.toFile()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx32m", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), ReadImageMain.class.getName(), png.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM must finish");
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("big.png") && out.contains("4000x4000") && out.contains("MB of heap")
                && out.contains("-Xmx"), out);
        assertFalse(out.contains("Caught exception during read: )"), out);
    }

    /** Reads one image in a child JVM; exit 3 with the IOException's message when the read is refused. */
    public static final class ReadImageMain {
        public static void main(String[] args) {
            try {
                BufferedImage image = ImageFiles.read(Path.of(args[0]));
                System.out.println("read " + image.getWidth() + "x" + image.getHeight());
            } catch (IOException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
