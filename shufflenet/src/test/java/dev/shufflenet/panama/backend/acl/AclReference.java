package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.bindings.acl.AclLibrary;
import org.junit.jupiter.api.Assumptions;

/** The skip rule of the ACL kernel tests; the reference loop they compare with is {@code PointwiseReference}. */
final class AclReference {
    private AclReference() {}

    static void assumeShimLoaded() {
        Assumptions.assumeTrue(AclLibrary.isLoaded(),
                () -> "needs the ACL shim (linux-aarch64 with libshufflenet_acl.so, run by .ci/arm64-lane.sh): "
                        + AclLibrary.status().describe());
    }
}
