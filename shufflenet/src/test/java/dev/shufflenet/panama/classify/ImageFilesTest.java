package dev.shufflenet.panama.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding of the image kinds a user meets, each checked by the value one pixel must have after the
 * transform (a flat image stays flat, so the expected value is (level - mean) / std exactly, to float
 * rounding: 1e-6, see ImageNetPreprocessingTest), and the clear errors for the rest.
 */
class ImageFilesTest {
    private static final double TOLERANCE = 1e-6;
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    @TempDir Path dir;

    @Test
    void greyPngAndGreyJpegAreReadAsTheirLevelInEveryChannel() throws IOException {
        BufferedImage grey = new BufferedImage(50, 40, BufferedImage.TYPE_BYTE_GRAY);
        fill(grey, 0, 77);
        assertFlat(ImageFiles.read(write(grey, "png")), 77 / 255.0, 77 / 255.0, 77 / 255.0);
        // JPEG is lossy, but a flat 8x8 block codes exactly (DC only): the level survives.
        assertFlat(ImageFiles.read(write(grey, "jpg")), 77 / 255.0, 77 / 255.0, 77 / 255.0);
    }

    @Test
    void sixteenBitGreyKeepsItsPrecision() throws IOException {
        BufferedImage grey16 = new BufferedImage(30, 30, BufferedImage.TYPE_USHORT_GRAY);
        fill(grey16, 0, 40000);
        assertFlat(ImageFiles.read(write(grey16, "png")), 40000 / 65535.0, 40000 / 65535.0, 40000 / 65535.0);
    }

    @Test
    void sixteenBitRgbAndAlphaAreRead() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(20, 20);
        BufferedImage rgb16 = new BufferedImage(cm, raster, false, null);
        // 16-bit levels that are exact multiples of 257 map to the 8-bit levels 200, 100, 50.
        for (int c = 0; c < 3; c++) fill(rgb16, c, new int[] {200, 100, 50}[c] * 257);
        assertFlat(ImageFiles.read(write(rgb16, "png")), 200 / 255.0, 100 / 255.0, 50 / 255.0);

        BufferedImage argb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 20; y++) for (int x = 0; x < 20; x++) argb.setRGB(x, y, (0x40 << 24) | (10 << 16) | (20 << 8) | 30);
        // Alpha is dropped, as PIL's convert("RGB") does: the colour stays, not blended with anything.
        assertFlat(ImageFiles.read(write(argb, "png")), 10 / 255.0, 20 / 255.0, 30 / 255.0);
    }

    @Test
    void cmykJpegIsReadThroughItsColorModel() throws IOException {
        // JDK 25's JPEG reader decodes 4-channel (CMYK) JPEGs; whether (0,0,0,0) means white or black depends
        // on the Adobe inversion convention, but either way a flat, neutral CMYK image is a neutral grey.
        WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        Path jpg = dir.resolve("cmyk.jpg");
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(jpg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        BufferedImage cmyk = ImageFiles.read(jpg);
        assertEquals(ColorSpace.TYPE_CMYK, cmyk.getColorModel().getColorSpace().getType());
        int rgb = cmyk.getRGB(5, 5) & 0xffffff;
        double level = (rgb & 0xff) / 255.0;
        assertEquals(rgb >> 16, rgb & 0xff, "neutral: R = B");
        assertFlat(cmyk, level, level, level);
    }

    @Test
    void unknownFormatAndMissingFileAreClearErrors() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(text));
        assertTrue(e.getMessage().contains("notes.png") && e.getMessage().contains("not an image format"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageFiles.read(dir.resolve("absent.jpg")));
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        // A 1x1 PNG whose header is rewritten to claim 20000 x 20000 (400M pixels): if the reader decoded
        // before checking, it would fail on the missing pixel data (or run out of memory), not name the limit.
        Path png = write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        byte[] bytes = Files.readAllBytes(png);
        ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian, as PNG
        assertEquals(0x49484452, b.getInt(12), "IHDR is the first chunk");
        b.putInt(16, 20000).putInt(20, 20000);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, 17); // chunk type + 13 data bytes
        b.putInt(29, (int) crc.getValue());
        Files.write(png, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.read(png));
        assertTrue(e.getMessage().contains("20000x20000") && e.getMessage().contains(String.valueOf(ImageFiles.MAX_PIXELS)),
                e.getMessage());
        // A decoded image is checked the same way before the transform takes its working memory.
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.checkPixels(10001, 10000, "x"));
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path p = Files.createTempFile(dir, "img", "." + format);
        assertTrue(ImageIO.write(image, format, p.toFile()), "no ImageIO writer for " + format);
        return p;
    }

    private static void fill(BufferedImage image, int band, int value) {
        WritableRaster r = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) r.setSample(x, y, band, value);
    }

    private static void assertFlat(BufferedImage image, double r, double g, double b) {
        float[] t = ImageNetPreprocessing.transform(image);
        double[] level = {r, g, b};
        for (int c = 0; c < 3; c++)
            for (int i : new int[] {0, 12345, 224 * 224 - 1})
                assertEquals((level[c] - MEAN[c]) / STD[c], t[c * 224 * 224 + i], TOLERANCE, "channel " + c);
    }
}
