package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.NativeLibraryLoader;
import dev.shufflenet.panama.bindings.NativeResourceCache;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ACL shim of this JVM: looked for on first use, loaded at most once, never throwing.
 *
 * <p>Where it looks, in order (see {@link AclPlan#resolve}): {@code -Dshufflenet.acl.path=FILE}, else the
 * environment variable {@code SHUFFLENET_ACL} (that file only); on linux-aarch64 then {@value AclPlan#LIBRARY}
 * next to this module's jar, in each {@code java.library.path} directory, and finally the copy the aarch64 Maven
 * build packs into the jar, extracted under {@code ~/.cache/shufflenet-panama/native/} (base overridable with
 * {@code -Dshufflenet.native.cache=DIR}). {@code -Dshufflenet.acl=off} disables it. The shim needs
 * {@code libarm_compute.so} of ACL 24.11 where the dynamic loader finds it (Debian: {@code libarm-compute43}).
 *
 * <p>Threads: ACL runs each call on the calling thread ({@code -Dshufflenet.acl.threads}, default 1), because
 * the runtime already splits work across its own threads; distinct handles then run concurrently. With more
 * than one ACL thread the process-wide ACL pool can serve one call at a time, so every run takes
 * {@link #runLock()}.
 *
 * <p>On platforms other than linux-aarch64 the shim is simply absent: the status says so, with no warning. On
 * linux-aarch64 a shim that cannot be found or loaded gives one WARNING (System.Logger
 * {@code dev.shufflenet.panama.bindings.acl}) and the status says why.
 */
public final class AclLibrary {
    private static final System.Logger LOG = System.getLogger("dev.shufflenet.panama.bindings.acl");
    private static final Object SHARED_POOL_LOCK = new Object();

    private AclLibrary() {}

    /** What loading did; the first call loads. */
    public static AclStatus status() {
        return Holder.STATUS;
    }

    /** Whether handles can be created. */
    public static boolean isLoaded() {
        return Holder.STATUS.loaded();
    }

    /** Throws {@link IllegalStateException} with the reason when the shim is not loaded. */
    public static void require() {
        if (!Holder.STATUS.loaded()) throw new IllegalStateException(Holder.STATUS.describe());
    }

    /**
     * The lock a run must hold besides its own handle's: a process-wide one when ACL runs its own thread pool
     * (one call at a time), otherwise null (runs on distinct handles may overlap).
     */
    static Object runLock() {
        return Holder.STATUS.threads() > 1 ? SHARED_POOL_LOCK : null;
    }

    /** Class initialisation runs exactly once per JVM, which is what loading a native library needs. */
    private static final class Holder {
        static final AclStatus STATUS = loadOnce();
    }

    private static AclStatus loadOnce() {
        AclStatus status;
        try {
            ClassLoader loader = AclLibrary.class.getClassLoader();
            AclPlan plan = AclPlan.resolve(AclSettings.fromRuntime(), bundled(loader), Files::isRegularFile);
            status = execute(plan, loader);
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken jar must not stop the application: it runs on the Java kernels instead.
            status = AclStatus.notLoaded(null, null, "unexpected failure while loading: " + e);
        }
        if (status.loaded()) {
            LOG.log(System.Logger.Level.DEBUG, "Loaded {0}", status.describe());
        } else if (status.absent()) {
            LOG.log(System.Logger.Level.DEBUG, status.describe());
        } else {
            LOG.log(System.Logger.Level.WARNING, "The Arm Compute Library backend is not available; the Java kernels"
                    + " will be used instead. Reason: " + status.reason() + ". Set -D" + AclSettings.PATH_PROPERTY
                    + "=/path/to/" + AclPlan.LIBRARY + " to use another build, or -D" + AclSettings.MODE_PROPERTY
                    + "=off to silence this warning.");
        }
        return status;
    }

    static AclStatus execute(AclPlan plan, ClassLoader resources) {
        return switch (plan) {
            case AclPlan.Absent a -> AclStatus.absent(a.reason());
            case AclPlan.Unavailable u -> AclStatus.notLoaded(null, null, u.reason());
            case AclPlan.Attempts a -> tryInOrder(a, resources);
        };
    }

    /**
     * Falls through to the next attempt only while nothing is loaded: once a file is in the process its
     * symbols are what the binding resolves, so a second copy would make it ambiguous which one is called.
     */
    private static AclStatus tryInOrder(AclPlan.Attempts plan, ClassLoader resources) {
        List<String> failures = new ArrayList<>();
        AclPlan.Attempt last = null;
        for (AclPlan.Attempt attempt : plan.attempts()) {
            last = attempt;
            String why = null;
            if (attempt.resource() != null) {
                try {
                    NativeResourceCache.extract(resources, attempt.resource(), attempt.library());
                } catch (IOException | RuntimeException e) {
                    why = "extracting to " + attempt.library() + " failed: " + e + " (set -D"
                            + AclSettings.CACHE_PROPERTY + " to a writable directory)";
                }
            }
            if (why == null) {
                NativeLibraryLoader.Result result = NativeLibraryLoader.loadAll(List.of(attempt.library()));
                if (result.loaded()) return inspect(attempt, plan.threads());
                why = result.reason();
            }
            failures.add(attempt.origin() + ": " + why);
        }
        return AclStatus.notLoaded(last.origin(), last.library(), String.join("; ", failures));
    }

    /** The file is in the process: check that it is the shim this binding was written for, then set threads. */
    private static AclStatus inspect(AclPlan.Attempt attempt, int threads) {
        Path path = attempt.library();
        try {
            int abi = shufflenet_acl_h.shufflenet_acl_abi_version();
            if (abi != shufflenet_acl_h.SHUFFLENET_ACL_ABI_VERSION())
                return AclStatus.notLoaded(attempt.origin(), path, path + " speaks shim ABI " + abi + " but this"
                        + " binding needs " + shufflenet_acl_h.SHUFFLENET_ACL_ABI_VERSION() + "; rebuild native/");
            int code = shufflenet_acl_h.shufflenet_acl_set_threads(threads);
            if (code != shufflenet_acl_h.SHUFFLENET_ACL_OK())
                return AclStatus.notLoaded(attempt.origin(), path, "setting " + threads + " ACL threads failed: "
                        + string(shufflenet_acl_h.shufflenet_acl_last_error()));
            return AclStatus.loaded(attempt.origin(), path, string(shufflenet_acl_h.shufflenet_acl_info()), threads);
        } catch (LinkageError e) {
            // A holder class of shufflenet_acl_h failed to find its symbol: the file is some other library.
            return AclStatus.notLoaded(attempt.origin(), path, path + " loaded but is not the ACL shim (" + e + ")");
        }
    }

    /** The shim packed in the jar with a digest of its bytes, or null when the jar has none. */
    static AclPlan.Bundled bundled(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(AclPlan.RESOURCE)) {
            if (in == null) return null;
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
            return new AclPlan.Bundled(AclPlan.RESOURCE, HexFormat.of().formatHex(sha.digest(), 0, 8));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // an unreadable resource counts as none; the other places are still searched
        }
    }

    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.getString(0);
    }
}
