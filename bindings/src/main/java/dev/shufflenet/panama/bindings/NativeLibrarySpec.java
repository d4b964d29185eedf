package dev.shufflenet.panama.bindings;

import java.util.List;
import java.util.Set;

/**
 * What differs between the native libraries this module loads (OpenBLAS and the ACL shim): their names, their
 * settings and where they may be found. {@link NativePlan#resolve} does the rest the same way for each.
 *
 * @param name                    for messages, e.g. "OpenBLAS"
 * @param property                the mode property, e.g. {@code shufflenet.openblas} ({@code =off} disables); the
 *                                path and threads properties are it plus {@code .path} and {@code .threads}
 * @param env                     environment variable naming a file to load instead, e.g. {@code SHUFFLENET_OPENBLAS}
 * @param fileNames               file names searched in directories, most specific first
 * @param platforms               the platforms ({@link NativePlan#platform}) it exists for; empty: any. Elsewhere it
 *                                is {@link NativeSource#ABSENT}, unless an override names a file
 * @param bundledFirst            the jar's copy before the directories (OpenBLAS: the build we tested), or after
 *                                them (the ACL shim: a locally built one next to the jar wins)
 * @param searchJarDirectory      look in the directory of this module's jar first
 * @param searchSystemDirectories after {@code java.library.path}, also the Debian multiarch and usual directories
 * @param logger                  System.Logger name of its one warning
 * @param fallback                what happens when it does not load, for the warning
 */
public record NativeLibrarySpec(String name, String property, String env, List<String> fileNames, Set<String> platforms,
                                boolean bundledFirst, boolean searchJarDirectory, boolean searchSystemDirectories,
                                String logger, String fallback) {
    /** Base directory of extracted libraries, shared by every library (default {@code ~/.cache/shufflenet-panama/native}). */
    public static final String CACHE_PROPERTY = "shufflenet.native.cache";
    /**
     * {@code -Dshufflenet.natives=off} loads no native library at all, whatever else is set: the way out when a
     * library crashes the process while loading (which no Java code can catch), and what every warning names.
     */
    public static final String NATIVES_PROPERTY = "shufflenet.natives";

    public NativeLibrarySpec {
        if (fileNames.isEmpty()) throw new IllegalArgumentException(name + ": at least one file name is needed");
        fileNames = List.copyOf(fileNames);
        platforms = Set.copyOf(platforms);
    }

    public String pathProperty() {
        return property + ".path";
    }

    public String threadsProperty() {
        return property + ".threads";
    }
}
