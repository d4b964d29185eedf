package dev.shufflenet.panama.bindings.acl;

import java.nio.file.Path;

/**
 * Everything outside the code that decides how the ACL shim is found: system properties, the environment and
 * the platform. A plain value, so that {@link AclPlan#resolve} can be tested for every case in one JVM.
 *
 * @param mode            {@value #MODE_PROPERTY}: null, {@code auto} or {@code on} to search, {@code off} to disable
 * @param pathProperty    {@value #PATH_PROPERTY}: the shim file to load, and nothing else
 * @param pathEnv         {@value #PATH_ENV} environment variable: the same, with lower precedence
 * @param cacheDir        {@value #CACHE_PROPERTY}: base directory for extracted libraries, or null for
 *                        {@code ${user.home}/.cache/shufflenet-panama/native} (shared with OpenBLAS)
 * @param threads         {@value #THREADS_PROPERTY}: threads ACL may use per call, null for 1
 * @param osName          {@code os.name}
 * @param osArch          {@code os.arch}
 * @param userHome        {@code user.home}
 * @param javaLibraryPath {@code java.library.path}, searched for {@value AclPlan#LIBRARY}
 * @param jarDirectory    the directory holding this module's jar (or classes directory), searched first; may be null
 */
public record AclSettings(String mode, String pathProperty, String pathEnv, String cacheDir, String threads,
                          String osName, String osArch, String userHome, String javaLibraryPath, Path jarDirectory) {
    public static final String MODE_PROPERTY = "shufflenet.acl";
    public static final String PATH_PROPERTY = "shufflenet.acl.path";
    public static final String PATH_ENV = "SHUFFLENET_ACL";
    public static final String CACHE_PROPERTY = "shufflenet.native.cache";
    public static final String THREADS_PROPERTY = "shufflenet.acl.threads";

    /** The settings of this JVM. */
    public static AclSettings fromRuntime() {
        return new AclSettings(
                System.getProperty(MODE_PROPERTY),
                System.getProperty(PATH_PROPERTY),
                System.getenv(PATH_ENV),
                System.getProperty(CACHE_PROPERTY),
                System.getProperty(THREADS_PROPERTY),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""),
                System.getProperty("user.home", ""),
                System.getProperty("java.library.path", ""),
                codeDirectory());
    }

    /** Where this class was loaded from: the jar's directory, or the classes directory itself. */
    private static Path codeDirectory() {
        try {
            var source = AclSettings.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return null;
            Path location = Path.of(source.getLocation().toURI());
            return location.toString().endsWith(".jar") ? location.getParent() : location;
        } catch (RuntimeException | java.net.URISyntaxException e) {
            return null; // an exotic class loader: simply skip this place
        }
    }
}
