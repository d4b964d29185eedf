package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import java.util.function.Function;

/**
 * The benchmarks' {@code kernel} parameters are kernel names, as {@code info --plan} and {@code profile}
 * print them and as they stand in the kernels' sources, so one grep finds all. Names carry the vector
 * width; the defaults are the 512-bit ones, and on another width JMH's {@code -p kernel=...} picks them.
 */
final class KernelsByName {
    private KernelsByName() {}

    /** The registered set whose kernel {@code nameOf} names {@code name}. */
    static KernelSet set(String name, Function<KernelSet, String> nameOf) {
        for (KernelSet s : KernelRegistry.all()) if (nameOf.apply(s).equals(name)) return s;
        throw new IllegalArgumentException("no kernel named '" + name + "' in this JVM; there are "
                + KernelRegistry.all().stream().map(nameOf).toList() + " (names carry the vector width: pass -p kernel=...)");
    }
}
