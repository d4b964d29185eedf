package dev.shufflenet.panama.classify;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
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

    /** Decodes an image file with {@link ImageFiles#read} (its size limit and errors) and transforms it. */
    public static float[] load(Path file) throws IOException {
        return transform(ImageFiles.read(file));
    }

    /** Floats of one transformed image: 3 x 224 x 224. */
    public static final int FLOATS_PER_IMAGE = 3 * CROP * CROP;

    /** The whole transform of one decoded image: [3, 224, 224] floats. */
    public static float[] transform(BufferedImage image) {
        float[] out = new float[FLOATS_PER_IMAGE];
        transform(image, out, 0);
        return out;
    }

    /**
     * The transform written into {@code out[offset, offset + 3 * 224 * 224)}, e.g. one image of a batch.
     * Images larger than {@link ImageFiles#MAX_PIXELS} are refused before any working memory is taken.
     */
    public static void transform(BufferedImage image, float[] out, int offset) {
        int h = image.getHeight();
        int w = image.getWidth();
        ImageFiles.checkPixels(w, h, "image");
        if (offset < 0 || (long) offset + FLOATS_PER_IMAGE > out.length)
            throw new IllegalArgumentException("out must hold 3 x " + CROP + " x " + CROP + " = " + FLOATS_PER_IMAGE
                    + " floats from offset " + offset + ", found length " + out.length);
        int[] size = resizedSize(h, w);
        int top = cropOffset(size[0]);
        int left = cropOffset(size[1]);
        Taps rows = Taps.of(h, size[0]);
        Taps cols = Taps.of(w, size[1]);
        // One plane at a time: 4 bytes per source pixel of working memory rather than 12.
        float[] plane = new float[h * w];
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            readPlane(image, c, plane, row);
            resizeCropNormalize(plane, w, rows, cols, top, left, c, out, offset);
        }
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
     * Channel {@code c} (0 = R, 1 = G, 2 = B) scaled to [0, 1], row-major. Alpha is dropped (as PIL's
     * convert("RGB") does); grey images (8 or 16 bits, with or without alpha) are read from their raw
     * samples, because Java's getRGB would pass them through a linear-to-sRGB conversion that PIL does not
     * apply; every other colour model (RGB, palette, 16-bit RGB, CMYK that a plugin decoded) goes through
     * its ColorModel to 8-bit sRGB.
     */
    static void readPlane(BufferedImage image, int c, float[] plane, int[] row) {
        int h = image.getHeight();
        int w = image.getWidth();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() <= 2;
        if (grey) {
            Raster raster = image.getRaster();
            double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) plane[y * w + x] = (float) (raster.getSample(x, y, 0) / max);
            return;
        }
        int shift = 16 - 8 * c;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) plane[y * w + x] = ((row[x] >> shift) & 0xff) / 255f;
        }
    }

    /**
     * Resizes one plane, but only the 224 x 224 window the crop keeps (the rest would be thrown away),
     * horizontal pass then vertical, normalizes, and writes channel {@code c} of {@code out}.
     */
    private static void resizeCropNormalize(float[] plane, int w, Taps rows, Taps cols, int top, int left, int c,
                                            float[] out, int offset) {
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
                out[offset + (c * CROP + oy) * CROP + ox] = (float) ((acc - MEAN[c]) / STD[c]);
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
