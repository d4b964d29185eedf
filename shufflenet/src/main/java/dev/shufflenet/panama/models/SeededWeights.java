package dev.shufflenet.panama.models;

import java.util.SplittableRandom;

/**
 * Deterministic random weights for the built-in architectures: He-normal conv and FC weights, and batch
 * norms with non-trivial statistics (so that folding them into the convs is really exercised). The same
 * seed gives the same model on every machine and JDK.
 */
final class SeededWeights {
    private final SplittableRandom random;

    SeededWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** He-normal: std = sqrt(2 / fanIn), keeps activations at a stable scale through ReLU layers. */
    float[] heNormal(int count, int fanIn) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float) (gaussian() * std);
        return w;
    }

    float[] uniform(int count, double lo, double hi) {
        float[] w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float) (lo + (hi - lo) * random.nextDouble());
        return w;
    }

    float[] normal(int count, double std) {
        float[] w = new float[count];
        for (int i = 0; i < count; i++) w[i] = (float) (gaussian() * std);
        return w;
    }

    private double gaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian before JDK 17's RandomGenerator default, which
        // we avoid so the stream of numbers is fixed by this code alone.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
