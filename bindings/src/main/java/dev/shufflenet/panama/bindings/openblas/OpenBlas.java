package dev.shufflenet.panama.bindings.openblas;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Safe calls into the loaded OpenBLAS, on plain {@code float[]} arrays with offsets. Every size, leading
 * dimension and array extent is checked in Java first ({@link BlasChecks}), so a wrong argument is an
 * {@link IllegalArgumentException} naming the numbers, never a JVM crash.
 *
 * <p>Arrays are passed to native code in place, without a copy: {@code cblas_sgemm} and {@code cblas_sgemv}
 * are bound with {@code Linker.Option.critical(true)}, which lets a heap segment through and keeps the
 * garbage collector from moving it during the call (which therefore holds up a collection for its
 * duration: at most a few milliseconds for the largest ShuffleNet layer).
 *
 * <p>Obtained from {@link OpenBlasLibrary#openBlas()}. Owns nothing (the library stays loaded for the life
 * of the JVM), so it is not {@link AutoCloseable}; it is stateless and safe to share between threads.
 */
public final class OpenBlas {
    /** Whether a matrix operand is used as stored or transposed. */
    public enum Transpose {
        NO, YES;

        int cblas() {
            return this == NO ? cblas_h.CblasNoTrans() : cblas_h.CblasTrans();
        }
    }

    private final OpenBlasStatus status;

    OpenBlas(OpenBlasStatus status) {
        this.status = status;
    }

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C}, where op(A) is m x k, op(B) is k x n and C is
     * m x n. Element (i, j) of a matrix X is {@code x[xOffset + i * ldx + j]} (of the stored, untransposed
     * matrix). C must not share elements with A or B. With m or n zero nothing happens; with k zero, C is
     * scaled by beta.
     *
     * @throws IllegalArgumentException for a negative size, a leading dimension below the stored column
     *                                  count, an offset or extent outside an array, or C overlapping A or B
     */
    public void sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        if (transA == null || transB == null) throw new IllegalArgumentException("sgemm: transpose flags must not be null");
        BlasChecks.sgemm(transA == Transpose.YES, transB == Transpose.YES, m, n, k,
                a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m == 0 || n == 0) return;
        cblas_h.cblas_sgemm(cblas_h.CblasRowMajor(), transA.cblas(), transB.cblas(), m, n, k, alpha,
                slice(a, aOffset), lda, slice(b, bOffset), ldb, beta, slice(c, cOffset), ldc);
    }

    /**
     * Row-major {@code y = alpha * op(A) * x + beta * y}, where A is stored m x n ({@code a[aOffset + i * lda + j]}):
     * with {@code trans == NO}, x has n values and y has m; with {@code YES}, x has m and y has n. Vector
     * element i is at {@code offset + i * inc}; increments must be positive. y must not share elements with
     * A or x. For one row of input (a fully connected layer at batch 1) this is several times faster than
     * sgemm with m = 1, which OpenBLAS does not forward to gemv.
     *
     * @throws IllegalArgumentException for a negative size, a leading dimension below n, an increment below 1,
     *                                  an offset or extent outside an array, or y overlapping A or x
     */
    public void sgemv(Transpose trans, int m, int n, float alpha, float[] a, int aOffset, int lda,
                      float[] x, int xOffset, int incx, float beta, float[] y, int yOffset, int incy) {
        if (trans == null) throw new IllegalArgumentException("sgemv: the transpose flag must not be null");
        BlasChecks.sgemv(trans == Transpose.YES, m, n, a, aOffset, lda, x, xOffset, incx, y, yOffset, incy);
        if (m == 0 || n == 0) return; // as BLAS does: with an empty A, y is left as it is (not even scaled)
        cblas_h.cblas_sgemv(cblas_h.CblasRowMajor(), trans.cblas(), m, n, alpha, slice(a, aOffset), lda,
                slice(x, xOffset), incx, beta, slice(y, yOffset), incy);
    }

    private static MemorySegment slice(float[] array, int offset) {
        return MemorySegment.ofArray(array).asSlice(offset * ValueLayout.JAVA_FLOAT.byteSize());
    }

    /** Threads OpenBLAS may use inside one call. */
    public int numThreads() {
        return cblas_h.openblas_get_num_threads();
    }

    /**
     * Sets the threads OpenBLAS may use inside one call, for the whole process. Keep 1 when the caller
     * already runs calls on several threads (see {@link OpenBlasLibrary}).
     */
    public void setNumThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("OpenBLAS threads must be at least 1, found " + threads);
        cblas_h.openblas_set_num_threads(threads);
    }

    /** How the library was found and what it is. */
    public OpenBlasStatus status() {
        return status;
    }
}
