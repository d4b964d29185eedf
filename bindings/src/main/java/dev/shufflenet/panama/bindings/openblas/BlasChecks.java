package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.StridedOverlap;

/**
 * Checks the arguments of row-major {@code sgemm} and {@code sgemv} in Java, before the downcall: a size,
 * leading dimension, increment or offset with which native code would read past the end of an array would
 * crash the JVM (or silently read other memory), so every one is checked here and named, with its numbers,
 * in the exception.
 *
 * <p>A stored matrix of r rows and c columns at offset o with leading dimension ld occupies
 * {@code o + (r - 1) * ld + c} floats when r and c are positive, and needs {@code ld >= max(1, c)} (the
 * BLAS rule, which OpenBLAS would otherwise report through xerbla on stderr). A vector of n values with
 * increment inc occupies {@code o + (n - 1) * inc + 1} floats; only positive increments are accepted.
 */
final class BlasChecks {
    private BlasChecks() {}

    /** Row-major C[m x n] = alpha * op(A) * op(B) + beta * C, where op(A) is m x k and op(B) is k x n. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("sgemm: sizes must not be negative, found m=" + m + ", n=" + n
                    + ", k=" + k);
        // Stored shapes: A is m x k, or k x m when transposed; B is k x n, or n x k.
        matrix("sgemm", "A", a, aOffset, lda, transA ? k : m, transA ? m : k, transA);
        matrix("sgemm", "B", b, bOffset, ldb, transB ? n : k, transB ? k : n, transB);
        matrix("sgemm", "C", c, cOffset, ldc, m, n, false);
        disjoint("sgemm", "A", a, aOffset, lda, transA ? k : m, transA ? m : k, "C", c, cOffset, ldc, m, n);
        disjoint("sgemm", "B", b, bOffset, ldb, transB ? n : k, transB ? k : n, "C", c, cOffset, ldc, m, n);
    }

    /**
     * Row-major y = alpha * op(A) * x + beta * y, where A is stored m x n: op(A) = A takes n values of x to
     * m of y; op(A) = A^T takes m values to n.
     */
    static void sgemv(boolean trans, int m, int n, float[] a, int aOffset, int lda,
                      float[] x, int xOffset, int incx, float[] y, int yOffset, int incy) {
        if (m < 0 || n < 0)
            throw new IllegalArgumentException("sgemv: sizes must not be negative, found m=" + m + ", n=" + n);
        matrix("sgemv", "A", a, aOffset, lda, m, n, false);
        int xLength = trans ? m : n, yLength = trans ? n : m;
        vector("x", x, xOffset, incx, xLength);
        vector("y", y, yOffset, incy, yLength);
        // A vector of L values with increment inc is a matrix of L rows and 1 column with ld = inc.
        disjoint("sgemv", "A", a, aOffset, lda, m, n, "y", y, yOffset, incy, yLength, 1);
        disjoint("sgemv", "x", x, xOffset, incx, xLength, 1, "y", y, yOffset, incy, yLength, 1);
    }

    private static void matrix(String op, String name, float[] array, int offset, int ld, int rows, int cols,
                               boolean transposed) {
        String shape = op + ": " + name + " (" + rows + " x " + cols + (transposed ? ", stored transposed" : "") + ")";
        if (array == null) throw new IllegalArgumentException(shape + " array is null");
        if (offset < 0 || offset > array.length)
            throw new IllegalArgumentException(shape + " offset " + offset + " is outside the array of "
                    + array.length + " floats");
        int minLd = Math.max(1, cols);
        if (ld < minLd)
            throw new IllegalArgumentException(shape + " leading dimension " + ld + " must be at least " + minLd
                    + " (its column count)");
        if (rows == 0 || cols == 0) return;
        long needed = offset + (rows - 1L) * ld + cols;
        if (needed > array.length)
            throw new IllegalArgumentException(shape + " with leading dimension " + ld + " from offset " + offset
                    + " needs " + needed + " floats, but the array holds " + array.length);
    }

    private static void vector(String name, float[] array, int offset, int inc, int length) {
        String what = "sgemv: " + name + " (" + length + " values)";
        if (array == null) throw new IllegalArgumentException(what + " array is null");
        if (offset < 0 || offset > array.length)
            throw new IllegalArgumentException(what + " offset " + offset + " is outside the array of "
                    + array.length + " floats");
        if (inc < 1) throw new IllegalArgumentException(what + " increment " + inc + " must be at least 1");
        if (length == 0) return;
        long needed = offset + (length - 1L) * inc + 1;
        if (needed > array.length)
            throw new IllegalArgumentException(what + " with increment " + inc + " from offset " + offset
                    + " needs " + needed + " floats, but the array holds " + array.length);
    }

    /**
     * BLAS leaves the result undefined when the output shares elements with an input ({@link StridedOverlap}
     * decides).
     */
    private static void disjoint(String op, String name, float[] x, int xOffset, int ldx, int xRows, int xCols,
                                 String outName, float[] c, int cOffset, int ldc, int cRows, int cCols) {
        if (x != c) return;
        boolean overlap = StridedOverlap.overlap(xOffset, ldx, xRows, xCols, cOffset, ldc, cRows, cCols);
        if (overlap)
            throw new IllegalArgumentException(op + ": " + outName + " (offset " + cOffset + ", " + cRows + " x "
                    + cCols + ", ld " + ldc + ") overlaps " + name + " (offset " + xOffset + ", " + xRows + " x "
                    + xCols + ", ld " + ldx + ") in the same array; the result would be undefined");
    }
}
