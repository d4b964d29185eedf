package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.NativeSource;
import dev.shufflenet.panama.bindings.NativeStatus;

import java.nio.file.Path;

/**
 * What happened when this JVM looked for the ACL shim.
 *
 * @param loaded  whether the handles can be created
 * @param source  where the library came from (when loaded) or was last looked for; {@code ABSENT} when the shim
 *                does not exist for this platform and {@code DISABLED} when switched off, which are no reasons to warn
 * @param origin  the setting or place the library came from (when loaded) or the last place tried; null when
 *                nothing was tried
 * @param path    the library file loaded or last tried; null when none was
 * @param info    {@code shufflenet_acl_info()}: shim ABI, ACL version, scheduler, CPU features; null when not loaded
 * @param threads threads ACL uses inside one call; 0 when not loaded
 * @param reason  why it is not loaded; null when loaded
 */
public record AclStatus(boolean loaded, NativeSource source, String origin, Path path, String info, int threads,
                        String reason) implements NativeStatus {

    static AclStatus loaded(NativeSource source, String origin, Path path, String info, int threads) {
        return new AclStatus(true, source, origin, path, info, threads, null);
    }

    static AclStatus notLoaded(NativeSource source, String origin, Path path, String reason) {
        return new AclStatus(false, source, origin, path, null, 0, reason);
    }

    @Override
    public String describe() {
        if (loaded) return info + " from " + origin + " " + path;
        return "ACL shim not loaded: " + reason;
    }
}
