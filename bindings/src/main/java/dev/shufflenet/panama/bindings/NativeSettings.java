package dev.shufflenet.panama.bindings;

import java.nio.file.Path;

/**
 * Everything outside the code that decides how one native library is found: system properties, the environment
 * and the platform. A plain value, so that {@link NativePlan#resolve} is tested for any combination without
 * touching the real JVM settings.
 *
 * @param natives         {@value NativeLibrarySpec#NATIVES_PROPERTY}: {@code off} loads no native library at all
 * @param mode            the mode property: null, {@code auto} or {@code on} to search, {@code off} to disable
 * @param pathProperty    the path property: the file to load, and nothing else
 * @param pathEnv         the environment variable: the same, with lower precedence
 * @param cacheDir        {@value NativeLibrarySpec#CACHE_PROPERTY}: base directory for extracted libraries, or null
 *                        for {@code ${user.home}/.cache/shufflenet-panama/native}
 * @param threads         the threads property: threads the library may use inside one call, null for 1
 * @param osName          {@code os.name}
 * @param osArch          {@code os.arch}
 * @param userHome        {@code user.home}
 * @param javaLibraryPath {@code java.library.path}
 * @param jarDirectory    the directory holding this module's jar (or its classes directory); may be null
 */
public record NativeSettings(String natives, String mode, String pathProperty, String pathEnv, String cacheDir, String threads,
                             String osName, String osArch, String userHome, String javaLibraryPath, Path jarDirectory) {

    /** The settings of this JVM for one library. */
    public static NativeSettings fromRuntime(NativeLibrarySpec spec) {
        return new NativeSettings(
                System.getProperty(NativeLibrarySpec.NATIVES_PROPERTY),
                System.getProperty(spec.property()),
                System.getProperty(spec.pathProperty()),
                System.getenv(spec.env()),
                System.getProperty(NativeLibrarySpec.CACHE_PROPERTY),
                System.getProperty(spec.threadsProperty()),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""),
                System.getProperty("user.home", ""),
                System.getProperty("java.library.path", ""),
                codeDirectory());
    }

    /** Plain platform settings with nothing set; tests start from here. */
    public static NativeSettings defaults(String osName, String osArch, String userHome, String javaLibraryPath,
                                          Path jarDirectory) {
        return new NativeSettings(null, null, null, null, null, null, osName, osArch, userHome, javaLibraryPath,
                jarDirectory);
    }

    public NativeSettings withNatives(String value) {
        return new NativeSettings(value, mode, pathProperty, pathEnv, cacheDir, threads, osName, osArch, userHome,
                javaLibraryPath, jarDirectory);
    }

    public NativeSettings withMode(String value) {
        return new NativeSettings(natives, value, pathProperty, pathEnv, cacheDir, threads, osName, osArch, userHome,
                javaLibraryPath, jarDirectory);
    }

    public NativeSettings withPathProperty(String value) {
        return new NativeSettings(natives, mode, value, pathEnv, cacheDir, threads, osName, osArch, userHome, javaLibraryPath,
                jarDirectory);
    }

    public NativeSettings withPathEnv(String value) {
        return new NativeSettings(natives, mode, pathProperty, value, cacheDir, threads, osName, osArch, userHome,
                javaLibraryPath, jarDirectory);
    }

    public NativeSettings withCacheDir(String value) {
        return new NativeSettings(natives, mode, pathProperty, pathEnv, value, threads, osName, osArch, userHome,
                javaLibraryPath, jarDirectory);
    }

    public NativeSettings withThreads(String value) {
        return new NativeSettings(natives, mode, pathProperty, pathEnv, cacheDir, value, osName, osArch, userHome,
                javaLibraryPath, jarDirectory);
    }

    /** Where this module was loaded from: the jar's directory, or the classes directory itself. */
    private static Path codeDirectory() {
        try {
            var source = NativeSettings.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return null;
            Path location = Path.of(source.getLocation().toURI());
            return location.toString().endsWith(".jar") ? location.getParent() : location;
        } catch (RuntimeException | java.net.URISyntaxException e) {
            return null; // an exotic class loader: simply skip this place
        }
    }
}
