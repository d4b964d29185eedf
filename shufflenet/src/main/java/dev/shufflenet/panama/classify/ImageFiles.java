package dev.shufflenet.panama.classify;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Decodes image files with ImageIO: PNG (8 and 16 bits, grey, palette, with alpha), JPEG (grey, RGB and
 * CMYK), BMP, GIF and WBMP out of the box, and whatever ImageIO plugins on the class path add (JPEGs the
 * JDK's reader refuses, e.g. some YCCK ones, read with TwelveMonkeys' imageio-jpeg). A file no reader
 * can decode is an {@link IOException} naming the file, the format and the reader's reason.
 *
 * <p>The width and height are read from the file's header first, and an image of more than
 * {@link #MAX_PIXELS} pixels is refused before it is decoded: a small file can declare a huge image
 * (a "decompression bomb"), and decoding takes about 12 bytes of heap per pixel (the decoded raster,
 * one row of RGB and one float plane).
 */
public final class ImageFiles {
    /**
     * The most pixels (width x height) an image may have: 100 million, a little more than a 100-megapixel
     * camera's 11648 x 8736. At 12 bytes a pixel that is 1.2 GB of heap at most.
     */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageFiles() {}

    /**
     * Reads one image file.
     *
     * @throws NoSuchFileException      when the file does not exist
     * @throws IOException              when no ImageIO reader knows the format, or the reader fails (the
     *                                  message names the file, the format and the reader's reason)
     * @throws IllegalArgumentException when the image has more than {@link #MAX_PIXELS} pixels (checked
     *                                  from the header, before decoding)
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException(file + ": cannot open the file for reading");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext())
                throw new IOException(file + ": not an image format ImageIO can read (it reads "
                        + String.join(", ", ImageIO.getReaderFormatNames()).toLowerCase(java.util.Locale.ROOT) + ")");
            ImageReader reader = readers.next();
            String format = reader.getFormatName();
            try {
                reader.setInput(in, true, true);
                int width;
                int height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException e) {
                    throw new IOException(file + ": cannot read the " + format + " header: " + e.getMessage(), e);
                }
                checkPixels(width, height, file.toString());
                try {
                    return reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": ImageIO's " + format + " reader cannot decode this image ("
                            + e.getMessage() + ")" + hint(format, e), e);
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** Refuses an image of more than {@link #MAX_PIXELS} pixels, naming it, its size and the limit. */
    static void checkPixels(long width, long height, String what) {
        if (width <= 0 || height <= 0)
            throw new IllegalArgumentException(what + ": image size " + width + "x" + height + " is empty");
        long pixels = width * height;
        if (pixels > MAX_PIXELS)
            throw new IllegalArgumentException(what + ": image is " + width + "x" + height + " = " + pixels
                    + " pixels, more than the limit of " + MAX_PIXELS + " (ImageFiles.MAX_PIXELS); scale it down first");
    }

    private static String hint(String format, Exception e) {
        String m = String.valueOf(e.getMessage());
        if (format.equalsIgnoreCase("jpeg") && m.contains("Unsupported Image Type"))
            return "; convert it to RGB JPEG or PNG, or add an ImageIO plugin that reads it (for example"
                    + " com.twelvemonkeys.imageio:imageio-jpeg) to the class path";
        return "";
    }
}
