package dev.shufflenet.panama.kernels;

/** Argument checks shared by all kernels; each failure names the kernel, the argument and the numbers. */
public final class Checks {
    private Checks() {}

    /** Checks that a view of {@code pixels} pixels of {@code channels} channels fits in {@code array}. */
    public static void view(String kernel, String what, float[] array, int offset, int pixelStride,
                            int channels, long pixels) {
        if (array == null) throw new IllegalArgumentException(kernel + ": " + what + " array is null");
        if (offset < 0) throw new IllegalArgumentException(kernel + ": " + what + " offset " + offset + " is negative");
        if (channels <= 0) throw new IllegalArgumentException(kernel + ": " + what + " channels " + channels + " must be positive");
        if (pixelStride < channels)
            throw new IllegalArgumentException(kernel + ": " + what + " pixelStride " + pixelStride
                    + " is smaller than its " + channels + " channels");
        if (pixels <= 0) return;
        long last = offset + (pixels - 1) * (long) pixelStride + channels;
        if (last > array.length)
            throw new IllegalArgumentException(kernel + ": " + what + " view needs " + last + " floats (offset "
                    + offset + ", " + pixels + " pixels x stride " + pixelStride + ", " + channels
                    + " channels) but the array holds " + array.length);
    }

    public static void range(String kernel, String what, int begin, int end, int size) {
        if (begin < 0 || end < begin || end > size)
            throw new IllegalArgumentException(kernel + ": " + what + " range [" + begin + ", " + end
                    + ") is outside [0, " + size + ")");
    }

    public static void positive(String kernel, String what, int value) {
        if (value <= 0) throw new IllegalArgumentException(kernel + ": " + what + " must be positive, found " + value);
    }

    public static void length(String kernel, String what, float[] array, long expected) {
        if (array == null || array.length != expected)
            throw new IllegalArgumentException(kernel + ": " + what + " must hold " + expected + " floats, found "
                    + (array == null ? "null" : array.length));
    }

    /**
     * {@code weights} as the type a kernel packs, or an exception naming the kernel and what was passed
     * instead: packed weights are readable only by the kernel that packed them.
     */
    public static <T> T packedBy(String kernel, Class<T> type, Object weights) {
        if (type.isInstance(weights)) return type.cast(weights);
        throw packedByAnother(kernel, weights == null ? "null" : weights.getClass().getName());
    }

    /** The exception for weights packed by another kernel, {@code by} naming it (or their class). */
    public static IllegalArgumentException packedByAnother(String kernel, String by) {
        return new IllegalArgumentException(kernel + ": weights were packed by another kernel (" + by + ")");
    }

    /**
     * The bounds of a minmax (clamping) epilogue: neither NaN, min at most max (ReLU6: 0 and 6; no clamp:
     * -infinity and +infinity).
     */
    public static void clampBounds(String kernel, float min, float max) {
        if (Float.isNaN(min) || Float.isNaN(max) || min > max)
            throw new IllegalArgumentException(kernel + ": clamp bounds must be ordered numbers, min <= max; found ["
                    + min + ", " + max + "]");
    }
}
