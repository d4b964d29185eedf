package dev.shufflenet.panama.kernels;

/**
 * Where the vectors of a packed weight array start, so that its 512-bit loads do not straddle two cache lines.
 *
 * <p>Why: a Java array's elements start {@code baseOffset} bytes (16 with the default headers) past an object
 * address that the JVM aligns to only 8 bytes, and the garbage collector may move it; so a packed weight
 * array's vector loads fall at a different offset within the cache line in every JVM, and all of them
 * straddle two lines unless that offset is 0: on an AVX-512 Xeon the GEMM tile ran at the FMA peak only at that
 * offset (docs/measurements.md, "Packed weights on cache-line boundaries", for the numbers).
 *
 * <p>With {@code -XX:ObjectAlignmentInBytes=64} (or larger) every object starts on a 64-byte boundary, so
 * starting the packed data {@link #padFloats()} floats into the array puts it on one for good, wherever the
 * collector moves the array. Without that option the pad is 0: no offset is right in every JVM, and the
 * contents of the arrays (and so the results) are the same either way. Found once per JVM: the object
 * alignment from the HotSpot diagnostic bean (about 15 ms, at the first pack; 8, so no pad, where the
 * {@code jdk.management} module is absent), the array base offset from {@code sun.misc.Unsafe}'s constant
 * (16 where that is absent); {@code -Dshufflenet.objectAlignment=N} states the alignment instead, and
 * {@code -Dshufflenet.weights.padFloats=N} the pad (for measuring what each offset costs: with 64-byte objects,
 * {@code PointwiseConvBenchmark} forked once per pad from 0 to 15 places the weights at every offset).
 */
public final class ArrayAlignment {
    /** The boundary the packed vectors should start on: one cache line, one 512-bit vector. */
    public static final int TARGET_BYTES = 64;

    private ArrayAlignment() {}

    /** Floats to leave unused at the start of a packed weight array (0 to 15 unless stated otherwise). */
    public static int padFloats() {
        return Holder.PAD_FLOATS;
    }

    /** The JVM's object alignment in bytes, as {@link #padFloats()} found it. */
    public static int objectAlignment() {
        return Holder.OBJECT_ALIGNMENT;
    }

    /** One line for reports: whether packed weights start on cache lines here, and why (not). */
    public static String describe() {
        int pad = padFloats(), alignment = objectAlignment();
        if (pad != Holder.FOUND_PAD)
            return "packed GEMM weights after a stated pad of " + pad + " floats (objects aligned to " + alignment
                    + " bytes; " + Holder.FOUND_PAD + " would be found here)";
        return alignment >= TARGET_BYTES
                ? "packed GEMM weights on " + TARGET_BYTES + "-byte lines (objects aligned to " + alignment
                        + " bytes, " + pad + " floats of pad)"
                : "packed GEMM weights at any offset in a cache line (objects aligned to " + alignment
                        + " bytes; -XX:ObjectAlignmentInBytes=64 puts them on lines)";
    }

    /**
     * The pad that puts element {@code pad} of a float array on a {@link #TARGET_BYTES} boundary when objects
     * start on {@code objectAlignment}-byte boundaries and elements {@code baseOffset} bytes past the object;
     * 0 when the alignment is too small for any pad to be right for every array.
     */
    static int padFloats(int objectAlignment, int baseOffset) {
        if (objectAlignment < TARGET_BYTES || objectAlignment % TARGET_BYTES != 0) return 0;
        if (baseOffset < 0 || baseOffset % Float.BYTES != 0) return 0;
        return (TARGET_BYTES - baseOffset % TARGET_BYTES) % TARGET_BYTES / Float.BYTES;
    }

    private static final class Holder {
        static final int OBJECT_ALIGNMENT = readObjectAlignment();
        static final int FOUND_PAD = padFloats(OBJECT_ALIGNMENT, readFloatArrayBaseOffset());
        static final int PAD_FLOATS = statedPad(FOUND_PAD);
    }

    private static int statedPad(int found) {
        Integer stated = Integer.getInteger("shufflenet.weights.padFloats");
        if (stated == null) return found;
        if (stated < 0 || stated >= 256)
            throw new IllegalArgumentException("-Dshufflenet.weights.padFloats=" + stated
                    + ": expected 0 to 255 floats (" + found + " would put the packed weights on cache lines here)");
        return stated;
    }

    private static int readObjectAlignment() {
        Integer stated = Integer.getInteger("shufflenet.objectAlignment");
        if (stated != null) return stated;
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(bean.getVMOption("ObjectAlignmentInBytes").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 8; // not HotSpot, or jdk.management not in the runtime: no pad, as without the option
        }
    }

    private static int readFloatArrayBaseOffset() {
        try {
            return Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return 16; // HotSpot's with compressed class pointers, the default
        }
    }
}
