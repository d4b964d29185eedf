package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The overlap rule of the OpenBLAS and ACL wrappers, against enumerating every element of both views. */
class StridedOverlapTest {
    /** Brute force: some element of X sits where some element of Y does. */
    private static boolean shareAnElement(int xOffset, int xStride, int xRows, int xCols,
                                          int yOffset, int yStride, int yRows, int yCols) {
        for (int r1 = 0; r1 < xRows; r1++)
            for (int c1 = 0; c1 < xCols; c1++)
                for (int r2 = 0; r2 < yRows; r2++)
                    for (int c2 = 0; c2 < yCols; c2++)
                        if (xOffset + r1 * xStride + c1 == yOffset + r2 * yStride + c2) return true;
        return false;
    }

    @Test
    void sameStrideIsExact() {
        for (int stride = 1; stride <= 6; stride++)
            for (int xCols = 1; xCols <= stride; xCols++)
                for (int yCols = 1; yCols <= stride; yCols++)
                    for (int xRows = 1; xRows <= 3; xRows++)
                        for (int yRows = 1; yRows <= 3; yRows++)
                            for (int d = -20; d <= 20; d++) {
                                int xOffset = 20, yOffset = 20 + d;
                                assertEquals(shareAnElement(xOffset, stride, xRows, xCols, yOffset, stride, yRows, yCols),
                                        StridedOverlap.overlap(xOffset, stride, xRows, xCols, yOffset, stride, yRows, yCols),
                                        "d=" + d + " stride=" + stride + " x=" + xRows + "x" + xCols + " y=" + yRows
                                                + "x" + yCols);
                            }
    }

    /** Different strides: never misses a shared element (it may refuse disjoint interleaved views). */
    @Test
    void differentStridesNeverMissAnOverlap() {
        for (int xStride = 1; xStride <= 4; xStride++)
            for (int yStride = 1; yStride <= 4; yStride++) {
                if (xStride == yStride) continue;
                for (int xCols = 1; xCols <= xStride; xCols++)
                    for (int yCols = 1; yCols <= yStride; yCols++)
                        for (int rows = 1; rows <= 3; rows++)
                            for (int yOffset = 0; yOffset <= 14; yOffset++) {
                                boolean shared = shareAnElement(4, xStride, rows, xCols, yOffset, yStride, 2, yCols);
                                boolean said = StridedOverlap.overlap(4, xStride, rows, xCols, yOffset, yStride, 2, yCols);
                                if (shared) assertTrue(said, "missed: y at " + yOffset);
                                long xEnd = 4 + (rows - 1L) * xStride + xCols, yEnd = yOffset + yStride + yCols;
                                assertEquals(4 < yEnd && yOffset < xEnd, said, "spans decide");
                            }
            }
    }

    @Test
    void emptyViewsShareNothing() {
        assertFalse(StridedOverlap.overlap(0, 4, 0, 4, 0, 4, 3, 4));
        assertFalse(StridedOverlap.overlap(0, 4, 3, 4, 0, 4, 3, 0));
    }
}
