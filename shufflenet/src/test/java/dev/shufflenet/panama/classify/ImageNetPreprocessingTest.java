package dev.shufflenet.panama.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The transform against a straightforward reference written here: each output pixel as a direct 2-D
 * weighted sum over every source pixel (no windows, no separable passes), with the triangle filter
 * defined once in {@link #triangle}. Sizes and crop offsets are worked out by hand from torchvision's rules.
 *
 * <p>Tolerance 1e-6: the source pixels are k/255 stored as float32 (error up to 3e-8), divided by a std
 * of at least 0.224 (1.3e-7), plus the final rounding to float32 of a value below 2.7 (1.2e-7); the
 * weighted sums themselves run in double on both sides.
 */
class ImageNetPreprocessingTest {
    private static final double TOLERANCE = 1e-6;
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    @TempDir
    Path dir;

    @Test
    void sizesFollowTorchvisionsResizeAndCenterCrop() {
        // Resize(256): shorter side 256, longer int(256 * long / short): 7/5 * 256 = 358.4 -> 358.
        assertArrayEquals(new int[] {256, 358}, ImageNetPreprocessing.resizedSize(5, 7));
        // 520/300 * 256 = 443.73 -> 443 (truncated, not rounded).
        assertArrayEquals(new int[] {443, 256}, ImageNetPreprocessing.resizedSize(520, 300));
        assertArrayEquals(new int[] {256, 256}, ImageNetPreprocessing.resizedSize(10, 10));
        // CenterCrop(224): round((size - 224) / 2) with Python's half-to-even rounding.
        assertEquals(67, ImageNetPreprocessing.cropOffset(358)); // 67.0
        assertEquals(110, ImageNetPreprocessing.cropOffset(443)); // 109.5 -> 110 (even)
        assertEquals(16, ImageNetPreprocessing.cropOffset(257)); // 16.5 -> 16 (even)
        assertEquals(16, ImageNetPreprocessing.cropOffset(256));
    }

    @Test
    void constantImageBecomesTheNormalizedConstant() {
        // Every resampling weight set sums to 1, so a flat colour stays exactly that colour.
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        int r = 200, g = 100, b = 50;
        for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) img.setRGB(x, y, (r << 16) | (g << 8) | b);
        float[] t = ImageNetPreprocessing.transform(img);
        int[] rgb = {r, g, b};
        for (int c = 0; c < 3; c++) {
            double expected = (rgb[c] / 255.0 - MEAN[c]) / STD[c];
            for (int i = 0; i < 224 * 224; i++) assertEquals(expected, t[c * 224 * 224 + i], TOLERANCE);
        }
    }

    @Test
    void tinyImageIsEnlargedBilinearly() {
        // 7 wide, 5 high -> 358 x 256 -> crop at left 67, top 16.
        BufferedImage img = randomImage(7, 5, 11);
        float[] t = ImageNetPreprocessing.transform(img);
        int[][] positions = {{0, 0}, {0, 223}, {223, 0}, {223, 223}, {100, 37}, {57, 181}, {111, 112}};
        for (int c = 0; c < 3; c++)
            for (int[] p : positions)
                assertEquals(reference(img, c, 256, 358, 16 + p[0], 67 + p[1]), t[(c * 224 + p[0]) * 224 + p[1]],
                        TOLERANCE, "channel " + c + " at " + p[0] + "," + p[1]);
    }

    @Test
    void largeImageIsShrunkWithTheWidenedTriangle() {
        // 300 wide, 520 high -> 256 x 443 -> crop at left 16, top 110. Shrinking by 1.17: each output
        // pixel averages about 5 source pixels per axis, which plain 2-tap bilinear would not.
        BufferedImage img = randomImage(300, 520, 12);
        float[] t = ImageNetPreprocessing.transform(img);
        int[][] positions = {{0, 0}, {223, 223}, {5, 200}, {150, 3}};
        for (int c = 0; c < 3; c++)
            for (int[] p : positions)
                assertEquals(reference(img, c, 443, 256, 110 + p[0], 16 + p[1]), t[(c * 224 + p[0]) * 224 + p[1]],
                        TOLERANCE, "channel " + c + " at " + p[0] + "," + p[1]);
    }

    @Test
    void greyImageUsesItsRawLevels() {
        // Java's getRGB would gamma-convert a linear-grey image; PIL replicates the 8-bit level into R, G, B.
        BufferedImage img = new BufferedImage(240, 240, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 240; y++) for (int x = 0; x < 240; x++) img.getRaster().setSample(x, y, 0, 128);
        float[] t = ImageNetPreprocessing.transform(img);
        for (int c = 0; c < 3; c++) assertEquals((128 / 255.0 - MEAN[c]) / STD[c], t[c * 224 * 224 + 999], TOLERANCE);
    }

    @Test
    void pngFileLoadsToTheSameTensor() throws IOException {
        BufferedImage img = randomImage(31, 23, 13);
        Path png = dir.resolve("img.png");
        ImageIO.write(img, "png", png.toFile());
        assertArrayEquals(ImageNetPreprocessing.transform(img), ImageNetPreprocessing.load(png));
    }

    /**
     * Output pixel (oy, ox) of channel c of the image resized to outH x outW, normalized: the direct
     * 2-D sum of source pixels times row and column triangle weights, divided by the sum of the weights.
     */
    private static double reference(BufferedImage img, int c, int outH, int outW, int oy, int ox) {
        int h = img.getHeight();
        int w = img.getWidth();
        double num = 0;
        double den = 0;
        for (int sy = 0; sy < h; sy++) {
            double wy = triangle(sy, oy, h, outH);
            if (wy == 0) continue;
            for (int sx = 0; sx < w; sx++) {
                double wx = triangle(sx, ox, w, outW);
                int rgb = img.getRGB(sx, sy);
                double v = ((rgb >> (16 - 8 * c)) & 0xff) / 255.0;
                num += wy * wx * v;
                den += wy * wx;
            }
        }
        return (num / den - MEAN[c]) / STD[c];
    }

    /**
     * Weight of source pixel s for output pixel o along an axis of inSize -> outSize: output o's centre
     * maps to source coordinate (o + 0.5) * in / out; source pixel s's centre is at s + 0.5; the
     * triangle is 1 pixel wide each side, stretched by in / out when shrinking.
     */
    private static double triangle(int s, int o, int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double halfWidth = Math.max(1.0, scale);
        double distance = Math.abs((s + 0.5) - (o + 0.5) * scale);
        return Math.max(0, 1 - distance / halfWidth);
    }

    private static BufferedImage randomImage(int w, int h, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, random.nextInt(1 << 24));
        return img;
    }
}
