package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.StridedOverlap;

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
     * blocks, so an overlap gives garbage; {@link StridedOverlap} decides).
     */
    static void disjoint(String who, String inName, float[] in, int inOffset, long inRows, int inStride, int inCols,
                         String outName, float[] out, int outOffset, long outRows, int outStride, int outCols) {
        if (in != out) return;
        boolean overlap = StridedOverlap.overlap(inOffset, inStride, inRows, inCols, outOffset, outStride, outRows,
                outCols);
        if (overlap)
            throw new IllegalArgumentException(who + ": " + outName + " (offset " + outOffset + ", " + outRows + " x "
                    + outCols + ", stride " + outStride + ") overlaps " + inName + " (offset " + inOffset + ", " + inRows
                    + " x " + inCols + ", stride " + inStride + ") in the same array");
    }
}
