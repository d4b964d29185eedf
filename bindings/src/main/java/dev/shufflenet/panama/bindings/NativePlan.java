package dev.shufflenet.panama.bindings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@link NativeLoader} will do for one library, decided from its spec and settings alone: a pure function
 * of its inputs, so every case (off, override, bundled, directories, nothing) is testable in one JVM although a
 * library can be loaded only once per process.
 */
public sealed interface NativePlan {

    /** Nothing to load and nothing to warn about: switched off ({@code DISABLED}) or not for this platform ({@code ABSENT}). */
    record Skipped(NativeSource source, String reason) implements NativePlan {}

    /** Nothing can be tried (bad setting, no library anywhere); {@code reason} says why and where it looked. */
    record Unavailable(String reason) implements NativePlan {}

    /** Try each attempt in order until one loads; {@code threads} is then handed to the library. */
    record Attempts(List<Attempt> attempts, int threads) implements NativePlan {
        public Attempts {
            if (attempts.isEmpty()) throw new IllegalArgumentException("a plan of attempts needs at least one");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, found " + threads);
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * One way to get the library.
     *
     * @param source       where it comes from
     * @param origin       for messages: the setting, directory or artifact that named it
     * @param dependencies loaded by absolute path, in this order, before the library
     * @param library      the file to load
     * @param extractions  class-path resources to copy to disk first (bundled only)
     */
    record Attempt(NativeSource source, String origin, List<Path> dependencies, Path library,
                   List<Extraction> extractions) {
        public Attempt {
            dependencies = List.copyOf(dependencies);
            extractions = List.copyOf(extractions);
        }
    }

    /** Copy class-path resource {@code resource} to {@code target}. */
    record Extraction(String resource, Path target) {}

    /**
     * Decides what to load. Precedence: {@code -Dshufflenet.natives=off}; the library's own off; the path property; the environment variable (an override is the only
     * attempt: falling back silently from a file the user named would hide a mistake); then, where the library
     * exists for this platform, the jar's copy and the directories in the spec's order.
     *
     * @param bundle what the class path offers for this platform
     * @param isFile whether a path is an existing regular file (asked of directory candidates only)
     */
    static NativePlan resolve(NativeLibrarySpec spec, NativeSettings s, NativeBundle bundle, Predicate<Path> isFile) {
        String natives = s.natives() == null ? "" : s.natives().trim().toLowerCase(Locale.ROOT);
        switch (natives) {
            case "off", "false", "none" -> {
                return new Skipped(NativeSource.DISABLED, "native libraries are disabled by -D"
                        + NativeLibrarySpec.NATIVES_PROPERTY + "=" + s.natives());
            }
            case "", "auto", "on", "true" -> { }
            default -> {
                return new Unavailable("-D" + NativeLibrarySpec.NATIVES_PROPERTY + "=" + s.natives()
                        + " is not one of auto, on, off");
            }
        }
        String mode = s.mode() == null ? "" : s.mode().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "off", "false", "none" -> {
                return new Skipped(NativeSource.DISABLED, spec.name() + " is disabled by -D" + spec.property() + "="
                        + s.mode());
            }
            case "", "auto", "on", "true" -> { }
            default -> {
                return new Unavailable("-D" + spec.property() + "=" + s.mode() + " is not one of auto, on, off");
            }
        }
        int threads;
        try {
            threads = parseThreads(spec, s.threads());
        } catch (IllegalArgumentException e) {
            return new Unavailable(e.getMessage());
        }
        if (!blank(s.pathProperty())) return override("-D" + spec.pathProperty(), s.pathProperty(), threads);
        if (!blank(s.pathEnv())) return override("$" + spec.env(), s.pathEnv(), threads);
        String platform = platform(s.osName(), s.osArch());
        if (!spec.platforms().isEmpty() && !spec.platforms().contains(platform))
            return new Skipped(NativeSource.ABSENT, spec.name() + " exists for " + String.join(", ",
                    spec.platforms().stream().sorted().toList()) + " only; this JVM runs on " + s.osName() + "/"
                    + s.osArch());

        List<Path> directories = directories(spec, s);
        List<Attempt> fromDirectories = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : directories) {
            for (String name : spec.fileNames()) {
                Path candidate = dir.resolve(name);
                if (seen.add(candidate) && isFile.test(candidate))
                    fromDirectories.add(new Attempt(NativeSource.SYSTEM, "directory " + dir, List.of(), candidate,
                            List.of()));
            }
        }
        List<Attempt> attempts = new ArrayList<>();
        if (!spec.bundledFirst()) attempts.addAll(fromDirectories);
        if (bundle instanceof NativeBundle.Present p) attempts.add(bundled(p, s));
        if (spec.bundledFirst()) attempts.addAll(fromDirectories);
        if (attempts.isEmpty()) {
            String noBundle = bundle instanceof NativeBundle.Missing m ? m.reason() : "no bundled copy";
            return new Unavailable(noBundle + ", and no " + String.join(" or ", spec.fileNames()) + " in "
                    + directories + "; set -D" + spec.pathProperty() + " to the file");
        }
        return new Attempts(attempts, threads);
    }

    private static NativePlan override(String origin, String value, int threads) {
        Path library = Path.of(value.trim()).toAbsolutePath().normalize();
        return new Attempts(List.of(new Attempt(NativeSource.OVERRIDE, origin, List.of(), library, List.of())),
                threads);
    }

    /** The bundle's resources extracted under the cache, loaded in their order (the last one is the library). */
    private static Attempt bundled(NativeBundle.Present bundle, NativeSettings s) {
        Path base = blank(s.cacheDir())
                ? Path.of(s.userHome(), ".cache", "shufflenet-panama", "native")
                : Path.of(s.cacheDir().trim());
        Path cache = base.resolve(bundle.cacheKey()).toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        List<Extraction> extractions = new ArrayList<>();
        for (String resource : bundle.resources()) {
            Path target = cache.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            files.add(target);
            extractions.add(new Extraction(resource, target));
        }
        Path library = files.removeLast();
        return new Attempt(NativeSource.BUNDLED, bundle.origin(), files, library, extractions);
    }

    /** "linux-x86_64" or "linux-aarch64" (the names of this project's native builds), else null. */
    public static String platform(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) return null;
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-aarch64";
            default -> null;
        };
    }

    /**
     * The jar's directory (when the spec asks), {@code java.library.path}, then (when the spec asks) the Debian
     * multiarch and the usual Linux library directories.
     */
    static List<Path> directories(NativeLibrarySpec spec, NativeSettings s) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (spec.searchJarDirectory() && s.jarDirectory() != null) dirs.add(s.jarDirectory().toAbsolutePath().normalize());
        for (String entry : s.javaLibraryPath().split(java.io.File.pathSeparator))
            if (!entry.isBlank()) dirs.add(Path.of(entry.trim()).toAbsolutePath().normalize());
        if (spec.searchSystemDirectories()) {
            String triplet = switch (s.osArch().toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> "x86_64-linux-gnu";
                case "aarch64", "arm64" -> "aarch64-linux-gnu";
                default -> null;
            };
            if (triplet != null) {
                dirs.add(Path.of("/usr/lib", triplet));
                dirs.add(Path.of("/lib", triplet));
            }
            for (String d : List.of("/usr/lib64", "/usr/lib", "/usr/local/lib")) dirs.add(Path.of(d));
        }
        return List.copyOf(dirs);
    }

    private static int parseThreads(NativeLibrarySpec spec, String value) {
        if (blank(value)) return 1;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + spec.threadsProperty() + "=" + value
                + " must be a whole number of at least 1");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
