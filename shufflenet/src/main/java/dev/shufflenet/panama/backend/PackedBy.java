package dev.shufflenet.panama.backend;

import dev.shufflenet.panama.kernels.Checks;

import java.util.function.Function;

/**
 * The one "weights were packed by another kernel" check of the native backends: a kernel handed weights that
 * another kernel (or the same kernel with other settings) packed would read them in the wrong layout.
 *
 * <p>The type check and the message are the kernels module's ({@link Checks#packedBy}); what this adds is the
 * name check, since one backend class packs differently under different settings. The accessor passed in is
 * a method reference without captures, so the check allocates nothing on the hot path.
 */
public final class PackedBy {
    private PackedBy() {}

    /**
     * {@code weights} as {@code type} when {@code packedBy} of it names {@code kernel}; otherwise an
     * {@link IllegalArgumentException} that names both kernels.
     */
    public static <P> P check(String kernel, Object weights, Class<P> type, Function<? super P, String> packedBy) {
        P p = Checks.packedBy(kernel, type, weights);
        String by = packedBy.apply(p);
        if (!kernel.equals(by)) throw Checks.packedByAnother(kernel, by);
        return p;
    }
}
