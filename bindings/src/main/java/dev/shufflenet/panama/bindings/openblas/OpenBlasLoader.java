package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeLibraryLoader;
import dev.shufflenet.panama.bindings.NativeResourceCache;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out an {@link OpenBlasPlan}: extracts, loads, then asks the library who it is. Never throws:
 * every failure becomes a not-loaded {@link OpenBlasStatus} with the reason.
 *
 * <p>Falling back to the next attempt is allowed only while no libopenblas has been loaded. Once one is in
 * the process, its symbols are what {@code SymbolLookup.loaderLookup()} will find, so a second copy would
 * make it ambiguous which one {@code cblas_h} binds to; a library that loads but then proves unusable
 * (not OpenBLAS, 64-bit integers) ends the search.
 */
final class OpenBlasLoader {
    private OpenBlasLoader() {}

    static OpenBlasStatus execute(OpenBlasPlan plan, ClassLoader resources) {
        return switch (plan) {
            case OpenBlasPlan.Disabled d -> OpenBlasStatus.notLoaded(OpenBlasSource.DISABLED, null, d.reason());
            case OpenBlasPlan.Unavailable u -> OpenBlasStatus.notLoaded(OpenBlasSource.NONE, null, u.reason());
            case OpenBlasPlan.Attempts a -> tryInOrder(a, resources);
        };
    }

    private static OpenBlasStatus tryInOrder(OpenBlasPlan.Attempts plan, ClassLoader resources) {
        List<String> failures = new ArrayList<>();
        OpenBlasPlan.Attempt last = null;
        for (OpenBlasPlan.Attempt attempt : plan.attempts()) {
            last = attempt;
            String why = extract(attempt, resources);
            if (why == null) {
                NativeLibraryLoader.Result deps = NativeLibraryLoader.loadAll(attempt.dependencies());
                why = deps.loaded() ? null : deps.reason();
            }
            if (why == null) {
                NativeLibraryLoader.Result lib = NativeLibraryLoader.loadAll(List.of(attempt.library()));
                if (lib.loaded()) return inspect(attempt, plan.threads());
                why = lib.reason();
            }
            failures.add(attempt.origin() + ": " + why);
        }
        return OpenBlasStatus.notLoaded(last.source(), last.library(), String.join("; ", failures));
    }

    /** Returns null on success, else the reason. */
    private static String extract(OpenBlasPlan.Attempt attempt, ClassLoader resources) {
        for (OpenBlasPlan.Extraction e : attempt.extractions()) {
            try {
                NativeResourceCache.extract(resources, e.resource(), e.target());
            } catch (IOException | RuntimeException ex) {
                return "extracting " + e.resource() + " to " + e.target() + " failed: " + ex
                        + " (set -D" + OpenBlasSettings.CACHE_PROPERTY + " to a writable directory)";
            }
        }
        return null;
    }

    /** The library is in the process: check that it is a usable OpenBLAS and set its thread count. */
    private static OpenBlasStatus inspect(OpenBlasPlan.Attempt attempt, int threads) {
        Path path = attempt.library();
        String config, coreName;
        try {
            config = string(cblas_h.openblas_get_config());
            coreName = string(cblas_h.openblas_get_corename());
        } catch (LinkageError e) {
            // A holder class of cblas_h failed to find its symbol: the file is some other library.
            return OpenBlasStatus.notLoaded(attempt.source(), path, attempt.origin() + ": " + path
                    + " loaded but is not OpenBLAS (" + e + ")");
        }
        // Debian's libopenblas64 and similar builds take 64-bit integers; our descriptors pass 32-bit ones.
        if (config.contains("USE64BITINT"))
            return OpenBlasStatus.notLoaded(attempt.source(), path, attempt.origin() + ": " + path
                    + " is built with 64-bit integers (" + config + "); a 32-bit-integer OpenBLAS is needed");
        try {
            cblas_h.openblas_set_num_threads(threads);
            int actual = cblas_h.openblas_get_num_threads();
            // Link the multiply functions now, so a library without them fails here rather than at first use.
            cblas_h.cblas_sgemm$address();
            cblas_h.cblas_sgemv$address();
            return OpenBlasStatus.loaded(attempt.source(), path, config, coreName, actual);
        } catch (LinkageError e) {
            return OpenBlasStatus.notLoaded(attempt.source(), path, attempt.origin() + ": " + path
                    + " lacks an OpenBLAS function (" + e + ")");
        }
    }

    private static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.getString(0).trim();
    }
}
