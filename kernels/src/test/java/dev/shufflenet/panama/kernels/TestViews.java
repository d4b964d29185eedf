package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.check.Views;

import java.util.Random;

/**
 * The kernel tests' names for the views and assertions of {@link Views} (main scope, so that
 * {@code shufflenet selftest} runs the same checks), plus the JUnit argument sources over the registered sets.
 */
public final class TestViews {
    public static final float SENTINEL = Views.SENTINEL;
    public static final double FLOAT_EPS = Views.FLOAT_EPS;

    private TestViews() {}

    public static float[] random(Random rnd, int n) {
        return Views.random(rnd, n);
    }

    public static int[] channelSweep() {
        return Views.channelSweep();
    }

    /** (set name, channels) for every registered kernel set and every {@link #channelSweep} count that passes. */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> setsAndChannels(
            java.util.function.IntPredicate channels) {
        return KernelRegistry.all().stream().flatMap(set -> java.util.Arrays.stream(channelSweep()).filter(channels)
                .mapToObj(c -> org.junit.jupiter.params.provider.Arguments.of(set.name(), c)));
    }

    /** The registered kernel set of this name. */
    public static KernelSet set(String name) {
        return KernelRegistry.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kernel set " + name));
    }
}
