package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeLibrary;
import dev.shufflenet.panama.bindings.NativeLibrarySpec;

import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * <p>Where it looks and how it loads is {@link NativeLibrary}'s, shared with the ACL shim; what is OpenBLAS's own
 * is {@link #SPEC}, {@link BundledOpenBlas} and the check that the file is a usable OpenBLAS. Nothing is loaded
 * before the first call of {@link #status()}, {@link #openBlas()} or {@link #require()}.
 *
 * <p>When OpenBLAS cannot be loaded, {@link #status()} says why and one warning is logged (System.Logger
 * {@code dev.shufflenet.panama.bindings.openblas}); the pure-Java kernels are then used.
 */
public final class OpenBlasLibrary {
    /** OpenBLAS's names, settings and places: the bundled build first, then a system libopenblas (any platform). */
    public static final NativeLibrarySpec SPEC = new NativeLibrarySpec("OpenBLAS", "shufflenet.openblas",
            "SHUFFLENET_OPENBLAS", List.of("libopenblas.so.0", "libopenblas.so"), Set.of(), true, false, true,
            "dev.shufflenet.panama.bindings.openblas", "the pure-Java kernels will be used for every GEMM");

    private static final NativeLibrary<OpenBlasStatus> LIBRARY = new NativeLibrary<>(SPEC,
            (settings, loader) -> BundledOpenBlas.fromClassPath(loader).bundle(settings.osName(), settings.osArch()),
            new OpenBlasInspection());

    private OpenBlasLibrary() {}

    /** What loading did; the first call loads. */
    public static OpenBlasStatus status() {
        return LIBRARY.status();
    }

    /** Whether OpenBLAS has been looked for in this JVM (by a call of {@link #status()} or its siblings). */
    public static boolean attempted() {
        return LIBRARY.attempted();
    }

    /** The safe OpenBLAS API, or empty when the library is not loaded (see {@link #status()}). */
    public static Optional<OpenBlas> openBlas() {
        return Optional.ofNullable(Holder.BLAS);
    }

    /** The safe OpenBLAS API; throws {@link IllegalStateException} with the reason when it is not loaded. */
    public static OpenBlas require() {
        if (Holder.BLAS == null) throw new IllegalStateException(status().describe());
        return Holder.BLAS;
    }

    /** The one safe API object, made (and OpenBLAS loaded) when first asked for. */
    private static final class Holder {
        static final OpenBlas BLAS = status().loaded() ? new OpenBlas(status()) : null;
    }
}
