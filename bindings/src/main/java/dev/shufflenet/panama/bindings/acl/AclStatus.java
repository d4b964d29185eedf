package dev.shufflenet.panama.bindings.acl;

import java.nio.file.Path;

/**
 * What happened when this JVM looked for the ACL shim.
 *
 * @param loaded  whether the handles can be created
 * @param origin  the setting or place the library came from (when loaded) or the last place tried; null when
 *                nothing was tried
 * @param path    the library file loaded or last tried; null when none was
 * @param info    {@code shufflenet_acl_info()}: shim ABI, ACL version, scheduler, CPU features; null when not loaded
 * @param threads threads ACL uses inside one call; 0 when not loaded
 * @param absent  true when the shim does not exist for this platform or is switched off, which is no reason to warn
 * @param reason  why it is not loaded; null when loaded
 */
public record AclStatus(boolean loaded, String origin, Path path, String info, int threads, boolean absent,
                        String reason) {

    static AclStatus loaded(String origin, Path path, String info, int threads) {
        return new AclStatus(true, origin, path, info, threads, false, null);
    }

    static AclStatus notLoaded(String origin, Path path, String reason) {
        return new AclStatus(false, origin, path, null, 0, false, reason);
    }

    static AclStatus absent(String reason) {
        return new AclStatus(false, null, null, null, 0, true, reason);
    }

    /** One line for logs and the CLI's {@code info}. */
    public String describe() {
        if (loaded) return info + " from " + origin + " " + path;
        return "ACL shim not loaded: " + reason;
    }
}
