package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeSettings;
import dev.shufflenet.panama.bindings.TestArrays;
import dev.shufflenet.panama.bindings.NativeSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The one real load of this JVM: the default settings, which pick the jar on the test class path. */
class OpenBlasBundledTest {
    private static OpenBlas blas;

    @BeforeAll
    static void load() {
        NativeSettings s = NativeSettings.fromRuntime(OpenBlasLibrary.SPEC);
        assumeTrue(BundledOpenBlas.platform(s.osName(), s.osArch()) != null,
                "no org.bytedeco:openblas jar for " + s.osName() + "/" + s.osArch());
        assumeTrue(s.mode() == null && s.pathProperty() == null && s.pathEnv() == null,
                "OpenBLAS settings are present in this JVM, so the default is not what loads");
        OpenBlasStatus status = OpenBlasLibrary.status();
        assertTrue(status.loaded(), status::describe);
        blas = OpenBlasLibrary.require();
    }

    @Test
    void statusDescribesTheBundledLibrary() {
        OpenBlasStatus s = OpenBlasLibrary.status();
        assertEquals(NativeSource.BUNDLED, s.source());
        assertTrue(Files.isRegularFile(s.path()), s.path().toString());
        assertTrue(s.path().toString().contains("0.3.31-1.5.13"), "cache keyed by version: " + s.path());
        assertTrue(s.path().getParent().resolve("libgfortran.so.5").toFile().isFile(), "runtime extracted beside it");
        assertTrue(s.config().startsWith("OpenBLAS 0.3.31"), s.config());
        assertFalse(s.coreName().isBlank());
        assertEquals(1, s.threads(), "single-threaded inside our threads by default");
        assertNull(s.reason());
        assertSame(blas, OpenBlasLibrary.openBlas().orElseThrow());
        assertTrue(s.describe().contains(s.coreName()), s.describe());
    }

    @Test
    void knownProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};        // 2 x 3
        float[] b = {7, 8, 9, 10, 11, 12};     // 3 x 2
        float[] c = new float[4];
        blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    /**
     * Every transpose combination, with offsets, padded leading dimensions, alpha and beta, against a
     * double-precision loop. Tolerance: a float dot product of length k, summed in any order (OpenBLAS
     * blocks and uses FMA), is within k * u * sum|a_i b_i| of the exact value (Higham, "Accuracy and
     * Stability of Numerical Algorithms", 3.1), u = 2^-24; alpha, beta and the final add cost three more
     * roundings, hence (k + 3) * u * (|alpha| sum|a b| + |beta c|). Padding around C must not change.
     */
    @Test
    void matchesDoubleReferenceForEveryTransposeWithOffsetsAndPadding() {
        SplittableRandom random = new SplittableRandom(42);
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {37, 17, 64}, {64, 48, 29}, {3, 100, 1}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], k = shape[2];
            for (OpenBlas.Transpose ta : OpenBlas.Transpose.values()) {
                for (OpenBlas.Transpose tb : OpenBlas.Transpose.values()) {
                    check(random, m, n, k, ta, tb);
                }
            }
        }
    }

    private static void check(SplittableRandom random, int m, int n, int k, OpenBlas.Transpose ta, OpenBlas.Transpose tb) {
        boolean tA = ta == OpenBlas.Transpose.YES, tB = tb == OpenBlas.Transpose.YES;
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 5;
        int aOff = 2, bOff = 7, cOff = 11;
        float[] a = TestArrays.random(random, aOff + aRows * lda);
        float[] b = TestArrays.random(random, bOff + bRows * ldb);
        float[] c = TestArrays.random(random, cOff + m * ldc + 4);
        float[] before = c.clone();
        float alpha = 0.75f, beta = -1.5f;
        blas.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String where = m + "x" + n + "x" + k + " " + ta + "/" + tb;
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + (tA ? p * lda + i : i * lda + p)];
                    double y = b[bOff + (tB ? j * ldb + p : p * ldb + j)];
                    exact += x * y;
                    magnitude += Math.abs(x * y);
                }
                int at = cOff + i * ldc + j;
                inC[at] = true;
                double old = before[at];
                double expected = alpha * exact + beta * old;
                double bound = (k + 3) * 0x1p-24 * (Math.abs(alpha) * magnitude + Math.abs(beta * old));
                assertEquals(expected, c[at], bound, where + " at (" + i + ", " + j + ")");
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inC[i]) assertEquals(before[i], c[i], where + ": element " + i + " outside C was written");
        }
    }

    /** sgemv both ways, with offsets, increments, alpha and beta; same tolerance argument as above. */
    @Test
    void sgemvMatchesDoubleReferenceWithOffsetsAndIncrements() {
        SplittableRandom random = new SplittableRandom(9);
        int[][] shapes = {{1, 1}, {1000, 1024}, {7, 13}, {64, 3}};
        for (int[] shape : shapes) {
            int m = shape[0], n = shape[1], lda = n + 2, aOff = 3;
            float[] a = TestArrays.random(random, aOff + m * lda);
            for (OpenBlas.Transpose t : OpenBlas.Transpose.values()) {
                boolean trans = t == OpenBlas.Transpose.YES;
                int xLen = trans ? m : n, yLen = trans ? n : m, incx = 2, incy = 3, xOff = 1, yOff = 2;
                float[] x = TestArrays.random(random, xOff + (xLen - 1) * incx + 1);
                float[] y = TestArrays.random(random, yOff + (yLen - 1) * incy + 1 + 2);
                float[] before = y.clone();
                float alpha = -0.5f, beta = 0.25f;
                blas.sgemv(t, m, n, alpha, a, aOff, lda, x, xOff, incx, beta, y, yOff, incy);
                boolean[] inY = new boolean[y.length];
                for (int i = 0; i < yLen; i++) {
                    double exact = 0, magnitude = 0;
                    for (int j = 0; j < xLen; j++) {
                        double term = (double) a[aOff + (trans ? j * lda + i : i * lda + j)] * x[xOff + j * incx];
                        exact += term;
                        magnitude += Math.abs(term);
                    }
                    int at = yOff + i * incy;
                    inY[at] = true;
                    double bound = (xLen + 3) * 0x1p-24 * (Math.abs(alpha) * magnitude + Math.abs(beta * before[at]));
                    assertEquals(alpha * exact + beta * before[at], y[at], bound, m + "x" + n + " " + t + " y[" + i + "]");
                }
                for (int i = 0; i < y.length; i++)
                    if (!inY[i]) assertEquals(before[i], y[i], "element " + i + " between y's values was written");
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> blas.sgemv(OpenBlas.Transpose.NO, 2, 3, 1f,
                new float[6], 0, 3, new float[2], 0, 1, 0f, new float[2], 0, 1));
        assertTrue(e.getMessage().contains("x (3 values)"), e.getMessage());
    }

    @Test
    void badArgumentsThrowBeforeTheDowncallAndLeaveCUntouched() {
        float[] c = new float[6];
        Arrays.fill(c, 3f);
        var e = assertThrows(IllegalArgumentException.class, () -> blas.sgemm(OpenBlas.Transpose.NO,
                OpenBlas.Transpose.NO, 2, 3, 4, 1f, new float[7], 0, 4, new float[12], 0, 3, 0f, c, 0, 3));
        assertTrue(e.getMessage().contains("needs 8 floats, but the array holds 7"), e.getMessage());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3}, c);
        assertThrows(IllegalArgumentException.class, () -> blas.sgemm(null, OpenBlas.Transpose.NO, 1, 1, 1, 1f,
                new float[1], 0, 1, new float[1], 0, 1, 0f, new float[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> blas.setNumThreads(0));
    }

    @Test
    void emptyProblemsAreNoOpsAndZeroDepthScalesByBeta() {
        float[] c = {1, 2, 3, 4};
        blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, 0, 2, 2, 1f, new float[0], 0, 2, new float[4], 0, 2,
                0f, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2,
                2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c);
    }

    @Test
    void threadCountCanBeChangedAndRestored() {
        assertEquals(1, blas.numThreads());
        try {
            blas.setNumThreads(2);
            assertEquals(2, blas.numThreads());
        } finally {
            blas.setNumThreads(1);
        }
        assertEquals(1, blas.numThreads());
    }
}
