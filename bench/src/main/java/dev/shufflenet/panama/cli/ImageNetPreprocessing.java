package dev.shufflenet.panama.cli;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The standard ImageNet evaluation transform, as torchvision writes it:
 * {@code Resize(256), CenterCrop(224), ToTensor(), Normalize(mean, std)}.
 *
 * <p>Which Resize: torchvision's on a float tensor with {@code antialias=True} (its default since 0.17),
 * which is the same triangle filter PIL's {@code Image.BILINEAR} uses, computed in floating point
 * without PIL's rounding to 8 bits between the horizontal and the vertical pass. When shrinking, the
 * triangle is stretched by the scale factor so every input pixel contributes (plain bilinear would
 * sample 2 of every 10 pixels of a big photo and alias); when enlarging it is ordinary bilinear with
 * half-pixel centres. Sizes follow torchvision: the shorter side becomes 256 and the longer
 * {@code int(256 * long / short)} (truncated); the crop's offsets are {@code round((size - 224) / 2)}
 * with Python's round-half-to-even. Output: float32 CHW [3, 224, 224], RGB order.
 */
public final class ImageNetPreprocessing {
    public static final int RESIZE = 256;
    public static final int CROP = 224;
    static final double[] MEAN = {0.485, 0.456, 0.406};
    static final double[] STD = {0.229, 0.224, 0.225};

    private ImageNetPreprocessing() {}

    /** Decodes an image file (any format ImageIO reads: PNG, JPEG, BMP, GIF...) and transforms it. */
    public static float[] load(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) throw new UserInputException(file + ": not an image format ImageIO can read (PNG, JPEG, BMP, GIF)");
        return transform(image);
    }

    /** The whole transform of one decoded image: [3, 224, 224] floats. */
    public static float[] transform(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] size = resizedSize(h, w);
        int top = cropOffset(size[0]);
        int left = cropOffset(size[1]);
        Taps rows = Taps.of(h, size[0]);
        Taps cols = Taps.of(w, size[1]);
        float[][] planes = rgbPlanes(image);
        float[] out = new float[3 * CROP * CROP];
        for (int c = 0; c < 3; c++) resizeCropNormalize(planes[c], w, rows, cols, top, left, c, out);
        return out;
    }

    /** {height, width} after Resize(256): the shorter side becomes 256, the longer scales and truncates. */
    static int[] resizedSize(int h, int w) {
        if (h <= w) return new int[] {RESIZE, (int) ((long) RESIZE * w / h)};
        return new int[] {(int) ((long) RESIZE * h / w), RESIZE};
    }

    /** CenterCrop's offset: round((size - 224) / 2), halves to even as Python rounds. */
    static int cropOffset(int size) {
        return (int) Math.rint((size - CROP) / 2.0);
    }

    /**
     * R, G and B planes scaled to [0, 1], row-major. Alpha is dropped (as PIL's convert("RGB") does);
     * grey images are read from their raw samples, because Java's getRGB would pass them through a
     * linear-to-sRGB conversion that PIL does not apply.
     */
    static float[][] rgbPlanes(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[][] planes = new float[3][h * w];
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() <= 2;
        if (grey) {
            Raster raster = image.getRaster();
            double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float v = (float) (raster.getSample(x, y, 0) / max);
                    planes[0][y * w + x] = v;
                    planes[1][y * w + x] = v;
                    planes[2][y * w + x] = v;
                }
            return planes;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            planes[0][i] = ((argb[i] >> 16) & 0xff) / 255f;
            planes[1][i] = ((argb[i] >> 8) & 0xff) / 255f;
            planes[2][i] = (argb[i] & 0xff) / 255f;
        }
        return planes;
    }

    /**
     * Resizes one plane, but only the 224 x 224 window the crop keeps (the rest would be thrown away),
     * horizontal pass then vertical, normalizes, and writes channel {@code c} of {@code out}.
     */
    private static void resizeCropNormalize(float[] plane, int w, Taps rows, Taps cols, int top, int left, int c,
                                            float[] out) {
        // Horizontal pass over only the input rows the kept output rows read.
        int firstRow = rows.first[top];
        int lastRow = rows.first[top + CROP - 1] + rows.count[top + CROP - 1];
        double[] horizontal = new double[(lastRow - firstRow) * CROP];
        for (int y = firstRow; y < lastRow; y++) {
            for (int ox = 0; ox < CROP; ox++) {
                int o = left + ox;
                double acc = 0;
                for (int t = 0; t < cols.count[o]; t++) acc += cols.weight(o, t) * plane[y * w + cols.first[o] + t];
                horizontal[(y - firstRow) * CROP + ox] = acc;
            }
        }
        for (int oy = 0; oy < CROP; oy++) {
            int o = top + oy;
            for (int ox = 0; ox < CROP; ox++) {
                double acc = 0;
                for (int t = 0; t < rows.count[o]; t++)
                    acc += rows.weight(o, t) * horizontal[(rows.first[o] + t - firstRow) * CROP + ox];
                out[(c * CROP + oy) * CROP + ox] = (float) ((acc - MEAN[c]) / STD[c]);
            }
        }
    }

    /**
     * The triangle-filter weights of one axis: output i reads inputs [first[i], first[i] + count[i]) with
     * weights that sum to 1. Output i's centre sits at input coordinate (i + 0.5) * scale; the triangle
     * spans one input pixel each side, times the scale when shrinking.
     */
    static final class Taps {
        final int[] first;
        final int[] count;
        private final double[] weights;
        private final int stride;

        private Taps(int[] first, int[] count, double[] weights, int stride) {
            this.first = first;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
        }

        double weight(int output, int tap) { return weights[output * stride + tap]; }

        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the bilinear triangle's half-width is 1 input pixel, stretched
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            double[] weights = new double[outSize * stride];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), inSize);
                double total = 0;
                for (int s = lo; s < hi; s++) {
                    double wgt = Math.max(0, 1 - Math.abs((s - center + 0.5) / filterScale));
                    weights[i * stride + s - lo] = wgt;
                    total += wgt;
                }
                for (int s = lo; s < hi; s++) weights[i * stride + s - lo] /= total;
                first[i] = lo;
                count[i] = hi - lo;
            }
            return new Taps(first, count, weights, stride);
        }
    }
}
