package dev.shufflenet.panama.bindings;

/**
 * Whether two strided views of one array share an element: the check both the OpenBLAS and the ACL wrappers make
 * before a downcall, because a native product whose output overlaps an input gives undefined results.
 *
 * <p>A view is {@code rows} rows of {@code cols} floats, {@code stride} floats apart, from {@code offset}. Views
 * with the same stride are compared element-exactly (the common case: channel slices of one NHWC tensor), others
 * by their spans, which may call two interleaved but disjoint views overlapping (a refusal, never a miss).
 */
public final class StridedOverlap {
    private StridedOverlap() {}

    /** Whether view X and view Y share an element; an empty view shares none. */
    public static boolean overlap(long xOffset, int xStride, long xRows, int xCols,
                                  long yOffset, int yStride, long yRows, int yCols) {
        if (xRows <= 0 || xCols <= 0 || yRows <= 0 || yCols <= 0) return false;
        if (xStride == yStride) return sameStride(yOffset - xOffset, xStride, xRows, xCols, yRows, yCols);
        long xEnd = xOffset + (xRows - 1) * xStride + xCols;
        long yEnd = yOffset + (yRows - 1) * yStride + yCols;
        return xOffset < yEnd && yOffset < xEnd;
    }

    /**
     * Whether element (r1, c1) of X, at {@code r1*stride + c1}, equals element (r2, c2) of Y, at
     * {@code d + r2*stride + c2}, for in-range indices. That needs {@code (r1 - r2) * stride = d + (c2 - c1)} with
     * {@code c2 - c1} in {@code (-xCols, yCols)}: only the few row differences in that interval can match.
     */
    static boolean sameStride(long d, int stride, long xRows, int xCols, long yRows, int yCols) {
        long lo = Math.ceilDiv(d - xCols + 1, (long) stride);
        long hi = Math.floorDiv(d + yCols - 1, (long) stride);
        for (long dr = lo; dr <= hi; dr++) {
            if (dr > -yRows && dr < xRows) return true; // dr = r1 - r2, r1 in [0, xRows), r2 in [0, yRows)
        }
        return false;
    }
}
