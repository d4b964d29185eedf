package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.NativeBundle;
import dev.shufflenet.panama.bindings.NativeLibrary;
import dev.shufflenet.panama.bindings.NativeLibrarySpec;
import dev.shufflenet.panama.bindings.NativeLoader;
import dev.shufflenet.panama.bindings.NativePlan;
import dev.shufflenet.panama.bindings.NativeSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The ACL shim of this JVM: looked for on first use, loaded at most once, never throwing.
 *
 * <p>Where it looks, in order (see {@link NativePlan#resolve} and {@link #SPEC}): {@code -Dshufflenet.acl.path=FILE}, else the
 * environment variable {@code SHUFFLENET_ACL} (that file only); on linux-aarch64 then {@value #LIBRARY}
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
    /** File name of the shim. */
    public static final String LIBRARY = "libshufflenet_acl.so";
    /** The only platform the shim is built for. */
    public static final String PLATFORM = "linux-aarch64";
    /** Class-path resource of the shim that the aarch64 Maven build packs into this module's jar. */
    public static final String RESOURCE = "dev/shufflenet/panama/bindings/acl/native/" + PLATFORM + "/" + LIBRARY;

    /** The shim's names, settings and places: linux-aarch64 only; a local build next to the jar before the jar's. */
    public static final NativeLibrarySpec SPEC = new NativeLibrarySpec("the ACL shim", "shufflenet.acl",
            "SHUFFLENET_ACL", List.of(LIBRARY), Set.of(PLATFORM), false, true, false,
            "dev.shufflenet.panama.bindings.acl", "the Java kernels will be used instead");

    private static final NativeLibrary<AclStatus> LIBRARY_ONCE = new NativeLibrary<>(SPEC,
            (settings, loader) -> bundled(loader), new Inspection());
    private static final Object SHARED_POOL_LOCK = new Object();

    private AclLibrary() {}

    /** What loading did; the first call loads. */
    public static AclStatus status() {
        return LIBRARY_ONCE.status();
    }

    /** Whether the shim has been looked for in this JVM. */
    public static boolean attempted() {
        return LIBRARY_ONCE.attempted();
    }

    /** Whether handles can be created; the first call loads. */
    public static boolean isLoaded() {
        return status().loaded();
    }

    /** Throws {@link IllegalStateException} with the reason when the shim is not loaded. */
    public static void require() {
        AclStatus s = status();
        if (!s.loaded()) throw new IllegalStateException(s.describe());
    }

    /**
     * The lock a run must hold besides its own handle's: a process-wide one when ACL runs its own thread pool
     * (one call at a time), otherwise null (runs on distinct handles may overlap).
     */
    static Object runLock() {
        return status().threads() > 1 ? SHARED_POOL_LOCK : null;
    }

    /** What is particular to the shim once the loader has put a file into the process. */
    static final class Inspection implements NativeLoader.Outcome<AclStatus> {
        @Override
        public AclStatus notLoaded(NativeSource source, String origin, Path library, String reason) {
            return AclStatus.notLoaded(source, origin, library, reason);
        }

        /** Checks that the file is the shim this binding was written for, then sets its threads. */
        @Override
        public AclStatus inspect(NativePlan.Attempt attempt, int threads) {
            Path path = attempt.library();
            String origin = attempt.origin();
            try {
                int abi = shufflenet_acl_h.shufflenet_acl_abi_version();
                if (abi != shufflenet_acl_h.SHUFFLENET_ACL_ABI_VERSION())
                    return AclStatus.notLoaded(attempt.source(), origin, path, path + " speaks shim ABI " + abi
                            + " but this binding needs " + shufflenet_acl_h.SHUFFLENET_ACL_ABI_VERSION()
                            + "; rebuild native/");
                int code = shufflenet_acl_h.shufflenet_acl_set_threads(threads);
                if (code != shufflenet_acl_h.SHUFFLENET_ACL_OK())
                    return AclStatus.notLoaded(attempt.source(), origin, path, "setting " + threads
                            + " ACL threads failed: " + string(shufflenet_acl_h.shufflenet_acl_last_error()));
                return AclStatus.loaded(attempt.source(), origin, path,
                        string(shufflenet_acl_h.shufflenet_acl_info()), threads);
            } catch (LinkageError e) {
                // A holder class of shufflenet_acl_h failed to find its symbol: the file is some other library.
                return AclStatus.notLoaded(attempt.source(), origin, path, path + " loaded but is not the ACL shim ("
                        + e + ")");
            }
        }
    }

    /**
     * The shim packed in the jar, its cache directory named by a digest of its bytes so that a rebuilt shim is
     * never confused with an older one of the same size.
     */
    static NativeBundle bundled(ClassLoader loader) {
        String none = "no " + LIBRARY + " bundled in the jar (the aarch64 Maven build packs it when Arm Compute"
                + " Library is installed, see native/README.md)";
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) return new NativeBundle.Missing(none);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
            String digest = HexFormat.of().formatHex(sha.digest(), 0, 8);
            return new NativeBundle.Present("the jar's " + RESOURCE, "shufflenet-acl-" + digest + "/" + PLATFORM,
                    List.of(RESOURCE));
        } catch (IOException | NoSuchAlgorithmException e) {
            return new NativeBundle.Missing(none + "; reading " + RESOURCE + " failed: " + e);
        }
    }

    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.getString(0);
    }
}
