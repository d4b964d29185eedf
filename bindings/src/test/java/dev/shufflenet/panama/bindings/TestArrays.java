package dev.shufflenet.panama.bindings;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Test data shared by the binding tests: seeded uniform floats and filled arrays. */
public final class TestArrays {
    private TestArrays() {}

    /** Uniform in [-1, 1). */
    public static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    public static float[] random(int n, long seed) {
        return random(new SplittableRandom(seed), n);
    }

    public static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
