package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeSource;
import dev.shufflenet.panama.bindings.NativeStatus;

import java.nio.file.Path;

/**
 * What happened when this JVM tried to load OpenBLAS.
 *
 * @param loaded   whether {@code cblas_sgemm} can be called
 * @param source   where the library came from (when loaded) or was looked for
 * @param path     the libopenblas file loaded or tried; null when none was
 * @param config   {@code openblas_get_config()}, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64";
 *                 null when not loaded
 * @param coreName {@code openblas_get_corename()}, the kernel set chosen for this CPU, e.g. "SkylakeX"; null when not loaded
 * @param threads  {@code openblas_get_num_threads()} after loading; 0 when not loaded
 * @param reason   why it is not loaded; null when loaded
 */
public record OpenBlasStatus(boolean loaded, NativeSource source, Path path, String config, String coreName,
                             int threads, String reason) implements NativeStatus {

    static OpenBlasStatus loaded(NativeSource source, Path path, String config, String coreName, int threads) {
        return new OpenBlasStatus(true, source, path, config, coreName, threads, null);
    }

    static OpenBlasStatus notLoaded(NativeSource source, Path path, String reason) {
        return new OpenBlasStatus(false, source, path, null, null, 0, reason);
    }

    @Override
    public String describe() {
        if (loaded)
            return config + " (core " + coreName + ", " + threads + (threads == 1 ? " thread" : " threads")
                    + ") from " + source.name().toLowerCase(java.util.Locale.ROOT) + " " + path;
        return "OpenBLAS not loaded: " + reason;
    }
}
