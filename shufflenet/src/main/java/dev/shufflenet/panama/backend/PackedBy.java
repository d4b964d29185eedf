package dev.shufflenet.panama.backend;

import java.util.function.Function;

/**
 * The one "weights were packed by another kernel" check of the native backends: a kernel handed weights that
 * another kernel (or the same kernel with other settings) packed would read them in the wrong layout.
 *
 * <p>Written to be swapped for the kernels module's public helper of the same job in one line per caller; the
 * accessor passed in is a method reference without captures, so the check allocates nothing on the hot path.
 */
public final class PackedBy {
    private PackedBy() {}

    /**
     * {@code weights} as {@code type} when {@code packedBy} of it names {@code kernel}; otherwise an
     * {@link IllegalArgumentException} that names both kernels.
     */
    public static <P> P check(String kernel, Object weights, Class<P> type, Function<? super P, String> packedBy) {
        if (type.isInstance(weights)) {
            P p = type.cast(weights);
            String by = packedBy.apply(p);
            if (kernel.equals(by)) return p;
            throw new IllegalArgumentException(kernel + ": weights were packed by another kernel (" + by + ")");
        }
        throw new IllegalArgumentException(kernel + ": weights were packed by another kernel ("
                + (weights == null ? "null" : weights.getClass().getSimpleName()) + ")");
    }
}
