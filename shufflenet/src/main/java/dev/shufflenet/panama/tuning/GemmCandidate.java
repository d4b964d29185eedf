package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.backend.acl.AclPointwiseConv;
import dev.shufflenet.panama.backend.openblas.OpenBlasPointwiseConv;
import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.config.GemmBackend;

import java.util.Optional;

/** An implementation of pointwise convs / FC that a target may choose per layer. */
public enum GemmCandidate {
    /** The kernel set's own GEMM: the Vector API kernel (or the scalar one without the Vector API). */
    JAVA("java"),
    /** OpenBLAS cblas_sgemm through FFM. */
    OPENBLAS("openblas"),
    /** Arm Compute Library NEGEMM through the native shim. */
    ACL("acl"),
    /** The kernel set's matrix-vector kernel (FC layer at batch 1): f32-gemv-4v-* or its scalar twin. */
    JAVA_GEMV("java-gemv"),
    /** The Java GEMM at half the set's vector width (f32-gemm-*-vector256 beside a 512-bit set). */
    JAVA_HALF("java-half");

    private final String id;

    GemmCandidate(String id) { this.id = id; }

    public String id() { return id; }

    /** The candidate for a backend named in a target configuration. */
    public static GemmCandidate of(GemmBackend backend) {
        return switch (backend) {
            case JAVA -> JAVA;
            case OPENBLAS -> OPENBLAS;
            case ACL -> ACL;
            case JAVA_GEMV -> JAVA_GEMV;
            case JAVA_HALF -> JAVA_HALF;
        };
    }

    public static GemmCandidate parse(String id) {
        for (GemmCandidate c : values()) if (c.id.equals(id)) return c;
        throw new IllegalArgumentException("unknown GEMM candidate '" + id + "'");
    }

    /**
     * The kernel, or empty when its native library is not loaded on this machine (or, for the half-width GEMM,
     * when the set has no half width).
     */
    public Optional<PointwiseConvKernel> kernel(KernelSet kernels) {
        return switch (this) {
            case JAVA -> Optional.of(kernels.pointwise());
            case OPENBLAS -> OpenBlasPointwiseConv.ifAvailable().map(k -> (PointwiseConvKernel) k);
            case ACL -> AclPointwiseConv.ifAvailable().map(k -> (PointwiseConvKernel) k);
            case JAVA_GEMV -> Optional.of(GemvKernels.forSet(kernels));
            case JAVA_HALF -> HalfWidthKernels.pointwise(kernels);
        };
    }
}
