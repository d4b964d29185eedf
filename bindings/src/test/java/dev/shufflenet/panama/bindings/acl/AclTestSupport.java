package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.TestArrays;
import org.junit.jupiter.api.Assumptions;


/** Shared pieces of the ACL tests: the skip rule, the sentinel and the float error bound ({@link TestArrays} for data). */
final class AclTestSupport {
    private AclTestSupport() {}

    /** Value written around outputs; every element not in an output view must still hold it afterwards. */
    static final float SENTINEL = -12345.5f;

    /** Skips the calling test unless the shim is loaded (it exists for linux-aarch64 only). */
    static void assumeShimLoaded() {
        Assumptions.assumeTrue(AclLibrary.isLoaded(),
                () -> "needs the ACL shim (linux-aarch64 with libshufflenet_acl.so, run by .ci/arm64-lane.sh): "
                        + AclLibrary.status().describe());
    }

    static float[] random(int n, long seed) {
        return TestArrays.random(n, seed);
    }

    static float[] filled(int n, float value) {
        return TestArrays.filled(n, value);
    }

    /**
     * Largest error a float32 sum of {@code terms} products can have against the exact (double) value, in any
     * order and with or without FMA: each of the terms-1 additions and each product rounds with relative error
     * at most u = 2^-24, giving |error| <= (terms + 1) * u * sum|term| (Higham, gamma_n), plus u*|result| for
     * the final rounding to float, which the same sum bounds. MIN_NORMAL covers an all-zero row.
     */
    static double bound(int terms, double absSum) {
        return (terms + 2) * 0x1p-24 * absSum + Float.MIN_NORMAL;
    }
}
