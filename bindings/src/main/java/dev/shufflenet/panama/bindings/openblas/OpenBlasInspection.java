package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeLoader;
import dev.shufflenet.panama.bindings.NativePlan;
import dev.shufflenet.panama.bindings.NativeSource;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * What is particular to OpenBLAS once {@link NativeLoader} has put a file into the process: is it a usable
 * OpenBLAS (its functions are there, 32-bit integers), and how many threads may it use.
 */
final class OpenBlasInspection implements NativeLoader.Outcome<OpenBlasStatus> {

    @Override
    public OpenBlasStatus notLoaded(NativeSource source, String origin, Path library, String reason) {
        return OpenBlasStatus.notLoaded(source, library, reason);
    }

    @Override
    public OpenBlasStatus inspect(NativePlan.Attempt attempt, int threads) {
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
