package dev.shufflenet.panama.bindings.openblas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;

/** Every argument check of row-major sgemm and sgemv, without the library: the checks are plain Java. */
class BlasChecksTest {
    // A valid call: C[2x3] = A[2x4] * B[4x3], each stored with one float of padding per row and an offset.
    private static final int M = 2, N = 3, K = 4;

    private static void valid(boolean ta, boolean tb, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        BlasChecks.sgemm(ta, tb, M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    private static String fails(Executable call, String... fragments) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        for (String f : fragments) assertTrue(message.contains(f), () -> "'" + message + "' lacks '" + f + "'");
        return message;
    }

    @Test
    void exactFitsPass() {
        // A: offset 1 + (2-1)*5 + 4 = 10 floats; B: 2 + 3*4 + 3 = 17; C: 3 + 1*3 + 3 = 9.
        valid(false, false, new float[10], 1, 5, new float[17], 2, 4, new float[9], 3, 3);
        // Transposed A is stored 4 x 2 (lda >= 2), transposed B 3 x 4 (ldb >= 4).
        valid(true, true, new float[3 * 2 + 2], 0, 2, new float[2 * 4 + 4], 0, 4, new float[6], 0, 3);
    }

    @Test
    void negativeSizesAreNamed() {
        fails(() -> BlasChecks.sgemm(false, false, -1, N, K, new float[99], 0, K, new float[99], 0, N,
                new float[99], 0, N), "m=-1");
        fails(() -> BlasChecks.sgemm(false, false, M, N, -7, new float[99], 0, K, new float[99], 0, N,
                new float[99], 0, N), "k=-7");
    }

    @Test
    void leadingDimensionsBelowTheStoredColumnCountAreRejected() {
        fails(() -> valid(false, false, new float[99], 0, 3, new float[99], 0, N, new float[99], 0, N),
                "A (2 x 4)", "leading dimension 3", "at least 4");
        fails(() -> valid(true, false, new float[99], 0, 1, new float[99], 0, N, new float[99], 0, N),
                "A (4 x 2, stored transposed)", "leading dimension 1", "at least 2");
        fails(() -> valid(false, false, new float[99], 0, K, new float[99], 0, 2, new float[99], 0, N),
                "B (4 x 3)", "leading dimension 2", "at least 3");
        fails(() -> valid(false, true, new float[99], 0, K, new float[99], 0, 3, new float[99], 0, N),
                "B (3 x 4, stored transposed)", "at least 4");
        fails(() -> valid(false, false, new float[99], 0, K, new float[99], 0, N, new float[99], 0, 2),
                "C (2 x 3)", "leading dimension 2", "at least 3");
    }

    @Test
    void zeroColumnsStillNeedLeadingDimensionOne() {
        fails(() -> BlasChecks.sgemm(false, false, 3, 2, 0, new float[1], 0, 0, new float[2], 0, 2,
                new float[6], 0, 2), "A (3 x 0)", "leading dimension 0", "at least 1");
    }

    @Test
    void extentsOnePastTheEndAreRejectedWithTheNumbers() {
        fails(() -> valid(false, false, new float[9], 1, 5, new float[17], 2, 4, new float[9], 3, 3),
                "A (2 x 4)", "needs 10 floats", "holds 9");
        fails(() -> valid(false, false, new float[10], 1, 5, new float[16], 2, 4, new float[9], 3, 3),
                "B (4 x 3)", "needs 17 floats", "holds 16");
        fails(() -> valid(false, false, new float[10], 1, 5, new float[17], 2, 4, new float[8], 3, 3),
                "C (2 x 3)", "needs 9 floats", "holds 8");
    }

    @Test
    void offsetsOutsideTheArrayAreRejected() {
        fails(() -> valid(false, false, new float[99], -1, K, new float[99], 0, N, new float[99], 0, N),
                "A", "offset -1");
        fails(() -> valid(false, false, new float[99], 0, K, new float[99], 100, N, new float[99], 0, N),
                "B", "offset 100", "99 floats");
    }

    @Test
    void hugeProductsDoNotOverflowIntoAPass() {
        // (rows - 1) * ld overflows int; computed in long it is far past the array.
        fails(() -> BlasChecks.sgemm(false, false, 70_000, 1, 1, new float[70_000], 0, 40_000,
                new float[1], 0, 1, new float[70_000], 0, 1), "A (70000 x 1)", "needs 2799960001 floats");
    }

    @Test
    void nullArraysAreNamed() {
        fails(() -> valid(false, false, new float[99], 0, K, null, 0, N, new float[99], 0, N), "B", "null");
    }

    @Test
    void emptyProblemsSkipExtentChecksButNotLeadingDimensions() {
        BlasChecks.sgemm(false, false, 0, 5, 5, new float[0], 0, 5, new float[25], 0, 5, new float[0], 0, 5);
        BlasChecks.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, new float[4], 0, 2);
    }

    @Test
    void outputOverlappingAnInputIsRejected() {
        float[] shared = new float[100];
        // Different leading dimensions: A spans [0, 8), C spans [6, 12).
        fails(() -> valid(false, false, shared, 0, K, new float[99], 0, N, shared, 6, N), "overlaps A");
        // Same leading dimension 5: A holds {0..3, 5..8}, C holds {3..5, 8..10}; they share 3, 5 and 8.
        fails(() -> valid(false, false, shared, 0, 5, new float[99], 0, N, shared, 3, 5), "overlaps A");
        // B spans [0, 12) with ldb 3, C starts at 11 with ldc 3: element 11 is shared.
        fails(() -> valid(false, false, new float[99], 0, K, shared, 0, N, shared, 11, N), "overlaps B");
    }

    @Test
    void interleavedChannelSlicesOfOneTensorAreAllowed() {
        // One NHWC tensor of 8 channels per pixel: A reads channels 0..3, C writes channels 4..6, every pixel.
        float[] tensor = new float[2 * 8];
        valid(false, false, tensor, 0, 8, new float[99], 0, N, tensor, 4, 8);
        // Touching but not sharing: C's columns end right where A's begin in the next row.
        valid(false, false, tensor, 3, 8, new float[99], 0, N, tensor, 0, 8);
    }

    // sgemv: A stored 3 x 5 (lda 6) from offset 1 needs 1 + 2*6 + 5 = 18 floats.

    @Test
    void sgemvExactFitsPass() {
        // No transpose: x has 5 values (incx 2 from offset 1: 1 + 4*2 + 1 = 10), y has 3 (incy 3: 3*2 + 1 = 7).
        BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, new float[10], 1, 2, new float[7], 0, 3);
        // Transposed: x has 3 values, y has 5.
        BlasChecks.sgemv(true, 3, 5, new float[18], 1, 6, new float[3], 0, 1, new float[5], 0, 1);
    }

    @Test
    void sgemvChecksEveryExtentAndIncrement() {
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[17], 1, 6, new float[5], 0, 1, new float[3], 0, 1),
                "sgemv: A (3 x 5)", "needs 18 floats", "holds 17");
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 4, new float[5], 0, 1, new float[3], 0, 1),
                "sgemv: A (3 x 5)", "leading dimension 4", "at least 5");
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, new float[9], 1, 2, new float[3], 0, 1),
                "sgemv: x (5 values)", "increment 2", "needs 10 floats", "holds 9");
        fails(() -> BlasChecks.sgemv(true, 3, 5, new float[18], 1, 6, new float[3], 0, 1, new float[4], 0, 1),
                "sgemv: y (5 values)", "needs 5 floats", "holds 4");
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, new float[5], 0, 0, new float[3], 0, 1),
                "x (5 values)", "increment 0 must be at least 1");
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, new float[5], 0, 1, new float[3], 0, -1),
                "y (3 values)", "increment -1");
        fails(() -> BlasChecks.sgemv(false, -3, 5, new float[18], 1, 6, new float[5], 0, 1, new float[3], 0, 1),
                "m=-3");
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, null, 0, 1, new float[3], 0, 1),
                "x (5 values) array is null");
    }

    @Test
    void sgemvOutputOverlappingAnInputIsRejected() {
        float[] shared = new float[40];
        // y (3 values at 16..18) inside A (offset 1, 3 x 5, lda 6: spans [1, 18)).
        fails(() -> BlasChecks.sgemv(false, 3, 5, shared, 1, 6, new float[5], 0, 1, shared, 16, 1), "overlaps A");
        // y and x in one array with increment 2 each: x at 20, 22, 24, 26, 28 and y at 21, 23, 25 interleave.
        BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, shared, 20, 2, shared, 21, 2);
        fails(() -> BlasChecks.sgemv(false, 3, 5, new float[18], 1, 6, shared, 20, 2, shared, 24, 2), "overlaps x");
    }
}
