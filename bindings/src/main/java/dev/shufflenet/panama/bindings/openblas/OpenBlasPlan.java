package dev.shufflenet.panama.bindings.openblas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the loader will do, decided from the settings alone: a pure function of its inputs, so every case
 * (disabled, override, bundled, system, nothing) is testable in one JVM although a library can be loaded
 * only once per process. {@link OpenBlasLoader} carries a plan out.
 */
public sealed interface OpenBlasPlan {

    /** {@code -Dshufflenet.openblas=off}: nothing is loaded, and that is no reason to warn. */
    record Disabled(String reason) implements OpenBlasPlan {}

    /** Nothing can be tried (bad setting, no library anywhere); {@code reason} says why. */
    record Unavailable(String reason) implements OpenBlasPlan {}

    /** Try each attempt in order until one loads; {@code threads} is then handed to OpenBLAS. */
    record Attempts(List<Attempt> attempts, int threads) implements OpenBlasPlan {
        public Attempts {
            if (attempts.isEmpty()) throw new IllegalArgumentException("a plan of attempts needs at least one");
            if (threads < 1) throw new IllegalArgumentException("OpenBLAS threads must be at least 1, found " + threads);
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * One way to get OpenBLAS.
     *
     * @param source       where the library comes from
     * @param origin       for messages: the setting or artifact that named it
     * @param dependencies loaded by absolute path, in this order, before the library
     * @param library      the libopenblas file
     * @param extractions  class-path resources to copy to disk first (bundled only)
     */
    record Attempt(OpenBlasSource source, String origin, List<Path> dependencies, Path library,
                   List<Extraction> extractions) {
        public Attempt {
            dependencies = List.copyOf(dependencies);
            extractions = List.copyOf(extractions);
        }
    }

    /** Copy class-path resource {@code resource} to {@code target}. */
    record Extraction(String resource, Path target) {}

    /** The bundled library and, before it, the runtime libraries it links to, in load order. */
    List<String> BUNDLED_DEPENDENCIES = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5");
    String BUNDLED_LIBRARY = "libopenblas.so.0";
    /** File names of a system OpenBLAS, most specific first. */
    List<String> SYSTEM_NAMES = List.of("libopenblas.so.0", "libopenblas.so");

    /**
     * Decides what to load. Precedence: off, then {@code -Dshufflenet.openblas.path}, then
     * {@code $SHUFFLENET_OPENBLAS} (an override is the only attempt: falling back silently from a library
     * the user named would hide a mistake), then the bundled jar, then a system library.
     *
     * @param isFile whether a path is an existing regular file (used only for system candidates)
     */
    static OpenBlasPlan resolve(OpenBlasSettings s, BundledOpenBlas bundle, Predicate<Path> isFile) {
        String mode = s.mode() == null ? "" : s.mode().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "off", "false", "none" -> {
                return new Disabled("OpenBLAS is disabled by -D" + OpenBlasSettings.MODE_PROPERTY + "=" + s.mode());
            }
            case "", "auto", "on", "true" -> { }
            default -> {
                return new Unavailable("-D" + OpenBlasSettings.MODE_PROPERTY + "=" + s.mode()
                        + " is not one of auto, on, off");
            }
        }
        int threads;
        try {
            threads = parseThreads(s.threads());
        } catch (IllegalArgumentException e) {
            return new Unavailable(e.getMessage());
        }
        if (!blank(s.pathProperty()))
            return override("-D" + OpenBlasSettings.PATH_PROPERTY, s.pathProperty(), threads);
        if (!blank(s.pathEnv()))
            return override("$" + OpenBlasSettings.PATH_ENV, s.pathEnv(), threads);

        List<Attempt> attempts = new ArrayList<>();
        String platform = platform(s.osName(), s.osArch());
        String bundledWhy;
        if (platform == null) {
            bundledWhy = "no bundled OpenBLAS for " + s.osName() + "/" + s.osArch();
        } else {
            String dir = bundle.resourceRoot() + "/" + platform + "/";
            if (!bundle.hasResource().test(dir + BUNDLED_LIBRARY)) {
                bundledWhy = "org.bytedeco:openblas:" + bundle.version() + ":" + platform
                        + " is not on the class path (no " + dir + BUNDLED_LIBRARY + ")";
            } else {
                attempts.add(bundledAttempt(s, bundle, platform, dir));
                bundledWhy = null;
            }
        }
        Set<Path> systemCandidates = new LinkedHashSet<>();
        for (Path d : systemDirectories(s)) {
            for (String name : SYSTEM_NAMES) {
                Path candidate = d.resolve(name);
                if (isFile.test(candidate)) systemCandidates.add(candidate);
            }
        }
        for (Path candidate : systemCandidates)
            attempts.add(new Attempt(OpenBlasSource.SYSTEM, "system library", List.of(), candidate, List.of()));
        if (attempts.isEmpty())
            return new Unavailable(bundledWhy + ", and no system " + String.join(" or ", SYSTEM_NAMES) + " in "
                    + systemDirectories(s) + "; set -D" + OpenBlasSettings.PATH_PROPERTY + " to a libopenblas file");
        return new Attempts(attempts, threads);
    }

    private static OpenBlasPlan override(String origin, String value, int threads) {
        Path library = Path.of(value.trim()).toAbsolutePath().normalize();
        return new Attempts(List.of(new Attempt(OpenBlasSource.OVERRIDE, origin, List.of(), library, List.of())),
                threads);
    }

    private static Attempt bundledAttempt(OpenBlasSettings s, BundledOpenBlas bundle, String platform, String dir) {
        Path base = blank(s.cacheDir())
                ? Path.of(s.userHome(), ".cache", "shufflenet-panama", "native")
                : Path.of(s.cacheDir().trim());
        Path cache = base.resolve(bundle.version()).resolve(platform).toAbsolutePath().normalize();
        List<Path> dependencies = new ArrayList<>();
        List<Extraction> extractions = new ArrayList<>();
        // arm64 has no libquadmath, so each runtime library is taken only when the jar has it.
        for (String name : BUNDLED_DEPENDENCIES) {
            if (bundle.hasResource().test(dir + name)) {
                dependencies.add(cache.resolve(name));
                extractions.add(new Extraction(dir + name, cache.resolve(name)));
            }
        }
        Path library = cache.resolve(BUNDLED_LIBRARY);
        extractions.add(new Extraction(dir + BUNDLED_LIBRARY, library));
        return new Attempt(OpenBlasSource.BUNDLED, "org.bytedeco:openblas:" + bundle.version() + ":" + platform,
                dependencies, library, extractions);
    }

    /** The org.bytedeco classifier for this platform, or null when that jar has none. */
    static String platform(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) return null;
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-arm64";
            default -> null;
        };
    }

    /** {@code java.library.path}, then the Debian multiarch and the usual Linux library directories. */
    static List<Path> systemDirectories(OpenBlasSettings s) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String entry : s.javaLibraryPath().split(java.io.File.pathSeparator))
            if (!entry.isBlank()) dirs.add(Path.of(entry));
        String arch = s.osArch().toLowerCase(Locale.ROOT);
        String triplet = switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> null;
        };
        if (triplet != null) {
            dirs.add(Path.of("/usr/lib", triplet));
            dirs.add(Path.of("/lib", triplet));
        }
        for (String d : List.of("/usr/lib64", "/usr/lib", "/usr/local/lib")) dirs.add(Path.of(d));
        return List.copyOf(dirs);
    }

    private static int parseThreads(String value) {
        if (blank(value)) return 1;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + OpenBlasSettings.THREADS_PROPERTY + "=" + value
                + " must be a whole number of at least 1");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
