package dev.shufflenet.panama.selftest;

/**
 * A native GEMM backend: whether it loaded here, and if so its pointwise kernel's cases against the scalar twin.
 *
 * @param note why it did not load, or what library it is (OpenBLAS core, say)
 */
public record BackendResult(String backend, boolean loaded, String note, KernelResult pointwise) {
    boolean ok() { return !loaded || pointwise.ok(); }
}
