package dev.shufflenet.panama.bindings.acl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@link AclLibrary} will try, decided from the settings alone: a pure function, so every case is
 * testable in one JVM although a library can be loaded only once per process.
 */
public sealed interface AclPlan {
    /** File name of the shim. */
    String LIBRARY = "libshufflenet_acl.so";
    /** The only platform the shim is built for. */
    String PLATFORM = "linux-aarch64";
    /** Class-path resource of the shim that the aarch64 Maven build packs into this module's jar. */
    String RESOURCE = "dev/shufflenet/panama/bindings/acl/native/" + PLATFORM + "/" + LIBRARY;

    /** Switched off, or no shim exists for this platform: nothing to load and nothing to warn about. */
    record Absent(String reason) implements AclPlan {}

    /** A setting is wrong, or no shim was found anywhere; {@code reason} says which and where it looked. */
    record Unavailable(String reason) implements AclPlan {}

    /** Try each attempt in order until one loads, then give ACL {@code threads} threads. */
    record Attempts(List<Attempt> attempts, int threads) implements AclPlan {
        public Attempts {
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * One place to load the shim from.
     *
     * @param origin   for messages: the setting or place that named it
     * @param library  the file to load
     * @param resource a class-path resource to extract to {@code library} first, or null
     */
    record Attempt(String origin, Path library, String resource) {}

    /**
     * The shim packed in the jar, when there is one.
     *
     * @param digest a short hash of its bytes, which names its cache directory so that a rebuilt shim is never
     *               confused with an older one of the same size
     */
    record Bundled(String resource, String digest) {}

    /**
     * Decides what to load. Precedence: off; {@code -Dshufflenet.acl.path}; {@code $SHUFFLENET_ACL} (an override
     * is the only attempt, since falling back from a file the user named would hide a mistake); then, on
     * linux-aarch64 only, the jar's directory, {@code java.library.path}, and the shim bundled in the jar.
     *
     * @param bundled the shim in the jar, or null
     * @param isFile  whether a path is an existing regular file
     */
    static AclPlan resolve(AclSettings s, Bundled bundled, Predicate<Path> isFile) {
        String mode = s.mode() == null ? "" : s.mode().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "off", "false", "none" -> {
                return new Absent("the ACL backend is disabled by -D" + AclSettings.MODE_PROPERTY + "=" + s.mode());
            }
            case "", "auto", "on", "true" -> { }
            default -> {
                return new Unavailable("-D" + AclSettings.MODE_PROPERTY + "=" + s.mode() + " is not one of auto, on, off");
            }
        }
        int threads;
        try {
            threads = parseThreads(s.threads());
        } catch (IllegalArgumentException e) {
            return new Unavailable(e.getMessage());
        }
        if (!blank(s.pathProperty())) return override("-D" + AclSettings.PATH_PROPERTY, s.pathProperty(), threads);
        if (!blank(s.pathEnv())) return override("$" + AclSettings.PATH_ENV, s.pathEnv(), threads);
        if (!isLinuxAarch64(s.osName(), s.osArch()))
            return new Absent("the ACL shim exists for " + PLATFORM + " only; this JVM runs on " + s.osName() + "/"
                    + s.osArch());

        List<Attempt> attempts = new ArrayList<>();
        Set<Path> searched = new LinkedHashSet<>();
        if (s.jarDirectory() != null) searched.add(s.jarDirectory().toAbsolutePath().normalize());
        for (String entry : s.javaLibraryPath().split(java.io.File.pathSeparator))
            if (!entry.isBlank()) searched.add(Path.of(entry.trim()).toAbsolutePath().normalize());
        for (Path dir : searched) {
            Path candidate = dir.resolve(LIBRARY);
            if (isFile.test(candidate)) attempts.add(new Attempt("directory " + dir, candidate, null));
        }
        if (bundled != null) {
            Path base = blank(s.cacheDir())
                    ? Path.of(s.userHome(), ".cache", "shufflenet-panama", "native")
                    : Path.of(s.cacheDir().trim());
            Path target = base.resolve("shufflenet-acl-" + bundled.digest()).resolve(PLATFORM).resolve(LIBRARY)
                    .toAbsolutePath().normalize();
            attempts.add(new Attempt("the jar's " + bundled.resource(), target, bundled.resource()));
        }
        if (attempts.isEmpty())
            return new Unavailable("no " + LIBRARY + " in " + searched + " and none bundled in the jar (it is built by"
                    + " the aarch64 Maven build when Arm Compute Library is installed, see native/README.md); set -D"
                    + AclSettings.PATH_PROPERTY + " to the file");
        return new Attempts(attempts, threads);
    }

    private static AclPlan override(String origin, String value, int threads) {
        Path library = Path.of(value.trim()).toAbsolutePath().normalize();
        return new Attempts(List.of(new Attempt(origin, library, null)), threads);
    }

    static boolean isLinuxAarch64(String osName, String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return osName.toLowerCase(Locale.ROOT).startsWith("linux") && (arch.equals("aarch64") || arch.equals("arm64"));
    }

    static int parseThreads(String value) {
        if (blank(value)) return 1;
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) return threads;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + AclSettings.THREADS_PROPERTY + " must be a whole number of at"
                + " least 1, found '" + value + "'");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
