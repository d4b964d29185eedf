package dev.shufflenet.panama.backend.acl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How row ranges become ACL convolutions (pure arithmetic: runs on every platform). */
class DepthwiseBandsTest {
    @Test
    void everyRangeIsCoveredExactlyByAtMostThreeBands() {
        int batch = 3, c = 4, inStride = 5, outStride = 6;
        for (int s = 1; s <= 2; s++)
            for (int inH = 1; inH <= 9; inH++) {
                int outH = (inH - 1) / s + 1, inW = 4, outW = (inW - 1) / s + 1;
                for (int begin = 0; begin < batch * outH; begin++)
                    for (int end = begin + 1; end <= batch * outH; end++) {
                        List<DepthwiseBands.Band> bands =
                                DepthwiseBands.split(s, inH, inW, c, inStride, outStride, begin, end);
                        String where = "s=" + s + " inH=" + inH + " rows [" + begin + ", " + end + ")";
                        assertTrue(bands.size() <= 3, where + ": " + bands.size() + " bands");
                        long nextOutPixel = (long) begin * outW;
                        for (DepthwiseBands.Band b : bands) {
                            var g = b.geometry();
                            assertEquals(nextOutPixel, b.outPixelFirst(), where + ": bands must be contiguous");
                            nextOutPixel += g.outPixels();
                            // The band's first window starts at its first output row * s - 1 in the image.
                            long outRow = b.outPixelFirst() / outW, image = outRow / outH, firstRow = outRow % outH;
                            long inRow = b.inPixelFirst() / inW - image * inH;
                            assertEquals(firstRow * s - 1 + g.padTop(), inRow, where + ": first input row");
                            assertTrue(inRow + g.inH() <= inH, where + ": reads past the image");
                            assertEquals(inStride, g.inPixelStride());
                            assertEquals(outStride, g.outPixelStride());
                        }
                        assertEquals((long) end * outW, nextOutPixel, where + ": bands must end at the range's end");
                    }
            }
    }

    @Test
    void wholeImagesAreOneBatchedConvolution() {
        // 14x14 at stride 2 gives 7 output rows per image; rows [4, 25) are rows 4..6 of image 0, images 1 and 2
        // whole, and rows 0..3 of image 3.
        List<DepthwiseBands.Band> bands = DepthwiseBands.split(2, 14, 14, 8, 8, 8, 4, 25);
        assertEquals(3, bands.size());
        // Rows 4..6 read input rows 7..13: the last window (rows 11..13) ends at the image's edge, so no padding.
        assertEquals(new DepthwiseBands.Band(new dev.shufflenet.panama.bindings.acl.AclDepthwiseHandle.Geometry(
                1, 7, 14, 8, 8, 8, 2, 0, 0), 7 * 14, 4 * 7), bands.get(0));
        assertEquals(2, bands.get(1).geometry().batch());
        assertEquals(14, bands.get(1).geometry().inH());
        assertEquals(new DepthwiseBands.Band(new dev.shufflenet.panama.bindings.acl.AclDepthwiseHandle.Geometry(
                1, 8, 14, 8, 8, 8, 2, 1, 0), 3L * 14 * 14, 3L * 7 * 7), bands.get(2)); // input rows 0..7, padded above
    }
}
