package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.bindings.acl.AclDepthwiseHandle;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range of output rows, counted over a whole batch, into convolutions ACL can run: whole images
 * batched together, and bands of rows within one image.
 *
 * <p>A band of output rows [a, b) of an image reads input rows [a*s - 1, (b-1)*s + 2), clipped to the image;
 * where the clip removed a row (at the top or bottom edge) that row becomes one row of zero padding, and
 * elsewhere there is none. So a band is an ordinary ACL convolution on a shorter image with padTop and
 * padBottom each 0 or 1, and its output rows line up with rows a..b-1 of the whole image.
 */
final class DepthwiseBands {
    private DepthwiseBands() {}

    /**
     * One convolution of a split.
     *
     * @param geometry      what ACL is configured with
     * @param inPixelFirst  the first input pixel it reads, counted over the batch
     * @param outPixelFirst the first output pixel it writes, counted over the batch
     */
    record Band(AclDepthwiseHandle.Geometry geometry, long inPixelFirst, long outPixelFirst) {}

    /** The bands covering output rows [rowBegin, rowEnd) (row r is row r % outH of image r / outH). */
    static List<Band> split(int stride, int inH, int inW, int channels, int inStride, int outStride, int rowBegin,
                            int rowEnd) {
        int outH = (inH - 1) / stride + 1, outW = (inW - 1) / stride + 1;
        List<Band> bands = new ArrayList<>();
        int r = rowBegin;
        while (r < rowEnd) {
            int image = r / outH, first = r % outH;
            if (first == 0 && rowEnd - r >= outH) {
                int images = (rowEnd - r) / outH;
                bands.add(band(stride, inH, inW, channels, inStride, outStride, image, images, 0, outH));
                r += images * outH;
            } else {
                int last = Math.min(outH, first + (rowEnd - r));
                bands.add(band(stride, inH, inW, channels, inStride, outStride, image, 1, first, last));
                r += last - first;
            }
        }
        return bands;
    }

    /** Output rows [first, last) of {@code images} consecutive images from {@code image}. */
    private static Band band(int s, int inH, int inW, int channels, int inStride, int outStride, int image, int images,
                             int first, int last) {
        int top = first * s - 1, end = (last - 1) * s + 2;  // input rows of the windows, before clipping
        int padTop = top < 0 ? 1 : 0, padBottom = end > inH ? 1 : 0;
        int inFirst = Math.max(0, top), inEnd = Math.min(inH, end);
        // A batch of whole images must read every row, or the images would not follow each other in memory;
        // (outH - 1) * s + 2 >= inH holds for s in {1, 2}, so they do.
        if (images > 1 && (inFirst != 0 || inEnd != inH))
            throw new AssertionError("whole images read rows [" + inFirst + ", " + inEnd + ") of " + inH);
        var g = new AclDepthwiseHandle.Geometry(images, inEnd - inFirst, inW, channels, inStride, outStride, s,
                padTop, padBottom);
        if (g.outH() != last - first)
            throw new AssertionError("band " + g + " gives " + g.outH() + " rows, not " + (last - first));
        int outW = (inW - 1) / s + 1, outH = (inH - 1) / s + 1;
        return new Band(g, ((long) image * inH + inFirst) * inW, ((long) image * outH + first) * outW);
    }
}
