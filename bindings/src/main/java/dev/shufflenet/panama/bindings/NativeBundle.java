package dev.shufflenet.panama.bindings;

import java.util.List;

/** What a jar on the class path offers of one native library for this platform. */
public sealed interface NativeBundle {
    /**
     * The library is in a jar.
     *
     * @param origin    for messages, e.g. "org.bytedeco:openblas:0.3.31-1.5.13:linux-x86_64"
     * @param cacheKey  relative directory under the extraction cache, e.g. "0.3.31-1.5.13/linux-x86_64": it names
     *                  the build, so a newer one never reuses an older file
     * @param resources class-path resources in load order: the dependencies, then the library itself
     */
    record Present(String origin, String cacheKey, List<String> resources) implements NativeBundle {
        public Present {
            if (resources.isEmpty()) throw new IllegalArgumentException(origin + ": a bundle needs its library");
            resources = List.copyOf(resources);
        }
    }

    /** No jar has it; {@code reason} says which jar was looked for. */
    record Missing(String reason) implements NativeBundle {}
}
