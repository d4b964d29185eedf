package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.bindings.acl.AclLibrary;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.tuning.GemmCandidate;

/** What the native libraries say about themselves: which one loaded, or why none did. */
final class BackendNotes {
    private BackendNotes() {}

    static String describeLoaded(GemmCandidate c) {
        return switch (c) {
            case OPENBLAS -> OpenBlasLibrary.status().describe();
            case ACL -> AclLibrary.status().describe();
            case JAVA -> "the kernel set's own GEMM";
            case JAVA_GEMV -> "the kernel set's own GEMV (one-pixel layers)";
            case JAVA_HALF -> "the kernel set's own GEMM at half its vector width (grouped layers)";
        };
    }

    static String whyNotLoaded(GemmCandidate c) {
        return describeLoaded(c);
    }
}
