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
     * The Java GEMM at half the vector width (f32-gemm-*-vector256 on a 512-bit CPU), for layers whose output
     * channels fill 8-lane vectors better than 16-lane ones (v1's 20 and 40 per group): worth it only where a
     * half-width FMA does as many FLOPs per cycle (AMD Zen 4 runs 512-bit ops as two 256-bit halves), which the
     * calibration finds out. See {@link TargetConfig#groupedGemmBackends}.
     */
    JAVA_HALF,
    /**
     * The Java matrix-vector kernel (f32-gemv-*), for layers of one pixel only (the FC layer at batch 1): see
     * {@link TargetConfig#fcBackends}.
     */
    JAVA_GEMV
}
