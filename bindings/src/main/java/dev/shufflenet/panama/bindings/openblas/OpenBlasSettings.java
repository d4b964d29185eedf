package dev.shufflenet.panama.bindings.openblas;

/**
 * Everything outside the code that decides how OpenBLAS is found: system properties, the environment and
 * the platform. A plain value, so that {@link OpenBlasPlan#resolve} can be tested for any combination
 * without touching the real JVM settings.
 *
 * @param mode           {@value #MODE_PROPERTY}: null, {@code auto} or {@code on} for the default search,
 *                       {@code off} to disable OpenBLAS
 * @param pathProperty   {@value #PATH_PROPERTY}: a library file to load instead of the bundled one
 * @param pathEnv        {@value #PATH_ENV} environment variable: the same, with lower precedence
 * @param cacheDir       {@value #CACHE_PROPERTY}: base directory for extracted libraries, or null for
 *                       {@code ${user.home}/.cache/shufflenet-panama/native}
 * @param threads        {@value #THREADS_PROPERTY}: threads OpenBLAS may use per call, null for 1
 * @param osName         {@code os.name}
 * @param osArch         {@code os.arch}
 * @param userHome       {@code user.home}
 * @param javaLibraryPath {@code java.library.path}, searched for a system OpenBLAS
 */
public record OpenBlasSettings(String mode, String pathProperty, String pathEnv, String cacheDir, String threads,
                               String osName, String osArch, String userHome, String javaLibraryPath) {
    public static final String MODE_PROPERTY = "shufflenet.openblas";
    public static final String PATH_PROPERTY = "shufflenet.openblas.path";
    public static final String PATH_ENV = "SHUFFLENET_OPENBLAS";
    public static final String CACHE_PROPERTY = "shufflenet.native.cache";
    public static final String THREADS_PROPERTY = "shufflenet.openblas.threads";

    /** The settings of this JVM. */
    public static OpenBlasSettings fromRuntime() {
        return new OpenBlasSettings(
                System.getProperty(MODE_PROPERTY),
                System.getProperty(PATH_PROPERTY),
                System.getenv(PATH_ENV),
                System.getProperty(CACHE_PROPERTY),
                System.getProperty(THREADS_PROPERTY),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""),
                System.getProperty("user.home", ""),
                System.getProperty("java.library.path", ""));
    }

    /** A copy with another mode; handy in tests. */
    public OpenBlasSettings withMode(String newMode) {
        return new OpenBlasSettings(newMode, pathProperty, pathEnv, cacheDir, threads, osName, osArch, userHome,
                javaLibraryPath);
    }

    /** A copy with another {@value #PATH_PROPERTY}; handy in tests. */
    public OpenBlasSettings withPathProperty(String path) {
        return new OpenBlasSettings(mode, path, pathEnv, cacheDir, threads, osName, osArch, userHome,
                javaLibraryPath);
    }
}
