package dev.shufflenet.panama.bindings.openblas;

import java.nio.file.Files;
import java.util.Optional;

/**
 * The one OpenBLAS of this JVM: loaded on first use, never throwing.
 *
 * <p>By default the OpenBLAS inside the org.bytedeco:openblas jar (a runtime dependency of this module) is
 * extracted to {@code ~/.cache/shufflenet-panama/native/<version>/<platform>/} and loaded; a system
 * libopenblas is the fallback. Settings, in order of precedence:
 * <ul>
 *   <li>{@code -Dshufflenet.openblas=off}: do not load OpenBLAS;</li>
 *   <li>{@code -Dshufflenet.openblas.path=/path/libopenblas.so.0}, else the environment variable
 *       {@code SHUFFLENET_OPENBLAS}: load that file and nothing else;</li>
 *   <li>{@code -Dshufflenet.native.cache=DIR}: extract under DIR instead of {@code ~/.cache/...};</li>
 *   <li>{@code -Dshufflenet.openblas.threads=N}: threads OpenBLAS may use inside one call (default 1, see
 *       below).</li>
 * </ul>
 *
 * <p>Threads: the runtime hands each of its own threads a disjoint range of pixels, so OpenBLAS is set to
 * run each call on the calling thread alone ({@code openblas_set_num_threads(1)}). Letting it start its own
 * threads as well would oversubscribe the cores; measured on a shared 2-core machine, two OpenBLAS
 * threads collapsed to under 1 GFLOP/s when another process held the second core.
 *
 * <p>When OpenBLAS cannot be loaded, {@link #status()} says why and one warning is logged (System.Logger
 * {@code dev.shufflenet.panama.bindings.openblas}); the pure-Java kernels are then used.
 */
public final class OpenBlasLibrary {
    private static final System.Logger LOG = System.getLogger("dev.shufflenet.panama.bindings.openblas");

    private OpenBlasLibrary() {}

    /** What loading did; the first call loads. */
    public static OpenBlasStatus status() {
        return Holder.STATUS;
    }

    /** The safe OpenBLAS API, or empty when the library is not loaded (see {@link #status()}). */
    public static Optional<OpenBlas> openBlas() {
        return Optional.ofNullable(Holder.BLAS);
    }

    /** The safe OpenBLAS API; throws {@link IllegalStateException} with the reason when it is not loaded. */
    public static OpenBlas require() {
        if (Holder.BLAS == null) throw new IllegalStateException(Holder.STATUS.describe());
        return Holder.BLAS;
    }

    /** Class initialisation runs exactly once per JVM, which is what loading a native library needs. */
    private static final class Holder {
        static final OpenBlasStatus STATUS = loadOnce();
        static final OpenBlas BLAS = STATUS.loaded() ? new OpenBlas(STATUS) : null;
    }

    private static OpenBlasStatus loadOnce() {
        OpenBlasStatus status;
        try {
            ClassLoader loader = OpenBlasLibrary.class.getClassLoader();
            OpenBlasPlan plan = OpenBlasPlan.resolve(OpenBlasSettings.fromRuntime(),
                    BundledOpenBlas.fromClassPath(loader), Files::isRegularFile);
            status = OpenBlasLoader.execute(plan, loader);
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken jar must not stop the application: it runs on the Java kernels instead.
            status = OpenBlasStatus.notLoaded(OpenBlasSource.NONE, null, "unexpected failure while loading: " + e);
        }
        if (status.loaded()) {
            LOG.log(System.Logger.Level.DEBUG, "Loaded {0}", status.describe());
        } else if (status.source() == OpenBlasSource.DISABLED) {
            LOG.log(System.Logger.Level.DEBUG, status.reason());
        } else {
            LOG.log(System.Logger.Level.WARNING, "OpenBLAS is not available, so the pure-Java kernels will be used"
                    + " for every GEMM. Reason: " + status.reason() + ". Set -D" + OpenBlasSettings.PATH_PROPERTY
                    + "=/path/to/libopenblas.so.0 to use another build, or -D" + OpenBlasSettings.MODE_PROPERTY
                    + "=off to silence this warning.");
        }
        return status;
    }
}
