package dev.shufflenet.panama.runtime;

import java.util.SplittableRandom;

/** Deterministic test images: smooth patterns plus noise, roughly ImageNet-normalised in range. */
public final class TestInputs {
    private TestInputs() {}

    public static float[] images(int n, int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * c * h * w];
        int i = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++) {
                double fx = 0.05 + 0.2 * r.nextDouble(), fy = 0.05 + 0.2 * r.nextDouble(), phase = 6.28 * r.nextDouble();
                for (int y = 0; y < h; y++)
                    for (int xx = 0; xx < w; xx++)
                        x[i++] = (float) (1.5 * Math.sin(fx * xx + fy * y + phase) + 0.3 * (r.nextDouble() - 0.5));
            }
        return x;
    }

    /** max |a[i]|: the scale that errors of logits are measured against. */
    public static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** max |a - b| / max |b|: error relative to the output's scale. */
    public static double relativeMaxError(float[] actual, float[] expected) {
        if (actual.length != expected.length)
            throw new AssertionError("lengths differ: " + actual.length + " vs " + expected.length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) throw new AssertionError("non-finite output at " + i + ": " + actual[i]);
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / maxRef;
    }
}
