package dev.shufflenet.panama.kernels.config;

/**
 * The implementations of the pointwise GEMM a target may weigh, as plain names: the library maps each to
 * a kernel (the native ones load only when asked). Kept here, with no link to the backends, so that the
 * per-target table lives with the other per-target choices in {@link TargetConfig}.
 */
public enum GemmBackend {
    /** The kernel set's own GEMM: the Vector API kernel, or the scalar one without the Vector API. */
    JAVA,
    /** OpenBLAS {@code cblas_sgemm} through FFM. */
    OPENBLAS,
    /** Arm Compute Library NEGEMM through the native shim. */
    ACL,
    /**
     * The Java matrix-vector kernel (f32-gemv-*), for layers of one pixel only (the FC layer at batch 1): see
     * {@link TargetConfig#fcBackends}.
     */
    JAVA_GEMV
}
