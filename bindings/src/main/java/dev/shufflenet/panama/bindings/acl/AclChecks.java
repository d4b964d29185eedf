package dev.shufflenet.panama.bindings.acl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Argument checks made in Java before every downcall: native code handed a view that runs past its memory
 * would crash the JVM or silently corrupt the heap, so every extent is checked here and named, with its
 * numbers, in an {@link IllegalArgumentException}.
 *
 * <p>A view is {@code rows} rows of {@code cols} floats, {@code stride} floats apart, from {@code offset}: a
 * row-major matrix with leading dimension {@code stride}, or an NHWC image whose rows are pixels, whose
 * columns are channels and whose stride is the pixel stride. It spans {@code (rows - 1) * stride + cols} floats.
 */
final class AclChecks {
    private AclChecks() {}

    static long span(long rows, int stride, int cols) {
        return (rows - 1) * stride + cols;
    }

    static void positive(String who, String what, int value) {
        if (value <= 0) throw new IllegalArgumentException(who + ": " + what + " must be positive, found " + value);
    }

    static void atLeast(String who, String what, int value, String boundName, int bound) {
        if (value < bound)
            throw new IllegalArgumentException(who + ": " + what + " " + value + " must be at least " + boundName
                    + " " + bound);
    }

    /** The view fits in {@code array} from {@code offset}. */
    static void array(String who, String what, float[] array, int offset, long rows, int stride, int cols) {
        if (array == null) throw new IllegalArgumentException(who + ": " + what + " array is null");
        if (offset < 0) throw new IllegalArgumentException(who + ": " + what + " offset " + offset + " is negative");
        long needed = offset + span(rows, stride, cols);
        if (needed > array.length)
            throw new IllegalArgumentException(who + ": " + what + " (" + rows + " rows of " + cols + " floats, stride "
                    + stride + ", from offset " + offset + ") needs " + needed + " floats but the array holds "
                    + array.length);
    }

    /**
     * The segment holds at least {@code floats} floats at a float-aligned address; {@code nativeOnly} refuses heap
     * segments (for buffers the shim keeps after the call returns, which the garbage collector could move).
     */
    static void segment(String who, String what, MemorySegment segment, long floats, boolean nativeOnly) {
        if (segment == null) throw new IllegalArgumentException(who + ": " + what + " segment is null");
        if (nativeOnly && !segment.isNative())
            throw new IllegalArgumentException(who + ": " + what + " must be native memory (an Arena's segment):"
                    + " the shim keeps its address beyond the call, and heap arrays can move");
        long bytes = floats * ValueLayout.JAVA_FLOAT.byteSize();
        if (segment.byteSize() < bytes)
            throw new IllegalArgumentException(who + ": " + what + " needs " + floats + " floats (" + bytes
                    + " bytes) but the segment holds " + segment.byteSize() + " bytes");
        if (segment.isNative() && segment.address() % ValueLayout.JAVA_FLOAT.byteSize() != 0)
            throw new IllegalArgumentException(who + ": " + what + " address 0x" + Long.toHexString(segment.address())
                    + " is not aligned to 4 bytes");
    }

    /**
     * An output view shares no element with an input view of the same array (ACL reads and writes them in
     * blocks, so an overlap gives garbage). Views with the same stride are compared element-exactly (the common
     * case: channel slices of one NHWC tensor), others by their spans.
     */
    static void disjoint(String who, String inName, float[] in, int inOffset, long inRows, int inStride, int inCols,
                         String outName, float[] out, int outOffset, long outRows, int outStride, int outCols) {
        if (in != out) return;
        boolean overlap;
        if (inStride == outStride) {
            overlap = sameStrideOverlap(outOffset - (long) inOffset, inStride, inRows, inCols, outRows, outCols);
        } else {
            long inEnd = inOffset + span(inRows, inStride, inCols);
            long outEnd = outOffset + span(outRows, outStride, outCols);
            overlap = inOffset < outEnd && outOffset < inEnd;
        }
        if (overlap)
            throw new IllegalArgumentException(who + ": " + outName + " (offset " + outOffset + ", " + outRows + " x "
                    + outCols + ", stride " + outStride + ") overlaps " + inName + " (offset " + inOffset + ", " + inRows
                    + " x " + inCols + ", stride " + inStride + ") in the same array");
    }

    /**
     * Whether element (r1, c1) of X at {@code r1*stride + c1} equals element (r2, c2) of Y at
     * {@code d + r2*stride + c2} for in-range indices: that needs {@code (r1 - r2) * stride = d + c2 - c1} with
     * {@code c2 - c1} in {@code (-xCols, yCols)}, so only the row differences in a short interval need trying.
     */
    static boolean sameStrideOverlap(long d, int stride, long xRows, int xCols, long yRows, int yCols) {
        long lo = Math.ceilDiv(d - xCols + 1, (long) stride);
        long hi = Math.floorDiv(d + yCols - 1, (long) stride);
        for (long dr = lo; dr <= hi; dr++) {
            if (dr > -yRows && dr < xRows) return true; // dr = r1 - r2, r1 in [0, xRows), r2 in [0, yRows)
        }
        return false;
    }
}
