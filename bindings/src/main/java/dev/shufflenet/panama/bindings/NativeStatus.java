package dev.shufflenet.panama.bindings;

import java.nio.file.Path;

/**
 * What one native library's load did, as every library reports it; each library's own status record (OpenBLAS's
 * build and core, the ACL shim's info line) implements this.
 */
public interface NativeStatus {
    /** Whether the library is in the process and passed its checks. */
    boolean loaded();

    /** Where it came from (when loaded), or was last looked for. */
    NativeSource source();

    /** The file loaded or last tried; null when none was. */
    Path path();

    /** Why it is not loaded; null when it is. */
    String reason();

    /** One line for logs and the CLI's {@code info}. */
    String describe();

    /** Not loaded for a reason that is no cause for a warning: switched off, or no such library on this platform. */
    default boolean quiet() {
        return !loaded() && (source() == NativeSource.DISABLED || source() == NativeSource.ABSENT);
    }
}
