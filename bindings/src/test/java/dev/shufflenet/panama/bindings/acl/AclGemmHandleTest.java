package dev.shufflenet.panama.bindings.acl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.shufflenet.panama.bindings.acl.AclTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** AclGemmHandle against a double-precision loop, on the shim itself (linux-aarch64 only; skipped elsewhere). */
class AclGemmHandleTest {
    @BeforeEach
    void needsShim() {
        assumeShimLoaded();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} lda={3} ldc={4} bias={5} relu={6}")
    @CsvSource({
            // ShuffleNet v2 1.0x pointwise convs: m = pixels, n = out channels, k = in channels
            "3136, 58, 24, 24, 58, true, true",
            "784, 58, 58, 116, 116, true, true",     // a channel slice in and out (concat halves)
            "196, 116, 116, 232, 232, true, false",
            "49, 464, 464, 464, 464, true, true",
            "49, 1024, 464, 464, 1024, true, true",
            "1, 1000, 1024, 1024, 1000, true, false", // the classifier (one image)
            // awkward ones: nothing a multiple of a vector, tiny, strides well past the width
            "37, 13, 29, 40, 21, true, false",
            "1, 1, 1, 1, 1, false, false",
            "5, 3, 7, 9, 11, false, true",
            "67, 17, 3, 3, 30, true, true",
    })
    void matchesLoop(int m, int n, int k, int lda, int ldc, boolean withBias, boolean relu) {
        long seed = 31L * m + 7L * n + k;
        float[] a = random(lda * (m - 1) + k + 5, seed);  // 5 floats after the view: must not be read as data
        float[] w = random(k * n, seed + 1);
        float[] bias = withBias ? random(n, seed + 2) : null;
        int cOffset = 3;
        float[] c = filled(cOffset + ldc * (m - 1) + n + 4, SENTINEL);
        try (Arena arena = Arena.ofConfined();
             AclGemmHandle gemm = AclGemmHandle.create(new AclGemmHandle.Shape(m, n, k, lda, n, ldc), native_(arena, w),
                     bias == null ? null : native_(arena, bias), relu)) {
            gemm.run(a, 0, c, cOffset);
            gemm.run(a, 0, c, cOffset); // a second run reuses the weights ACL packed in the first
        }
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOffset, row = Math.floorDiv(rel, ldc), col = Math.floorMod(rel, ldc);
            final int at = i;
            if (rel < 0 || row >= m || col >= n) {
                // Messages are built lazily: string concatenation per element dominated the run time under qemu.
                assertEquals(SENTINEL, c[i], () -> "element " + at + " lies outside C and must not be written");
                continue;
            }
            double sum = bias == null ? 0 : bias[col], abs = Math.abs(sum);
            for (int p = 0; p < k; p++) {
                double t = (double) a[row * lda + p] * w[p * n + col];
                sum += t;
                abs += Math.abs(t);
            }
            if (relu) sum = Math.max(0, sum);
            assertEquals(sum, c[i], bound(k + 1, abs), () -> "C[" + (at - cOffset) / ldc + "][" + (at - cOffset) % ldc + "]");
        }
    }

    @Test
    void segmentsWorkLikeArrays() {
        int m = 20, n = 12, k = 9;
        float[] a = random(m * k, 5), w = random(k * n, 6);
        float[] fromArrays = new float[m * n];
        try (Arena arena = Arena.ofConfined();
             AclGemmHandle gemm = AclGemmHandle.create(AclGemmHandle.Shape.dense(m, n, k), native_(arena, w), null, false)) {
            gemm.run(a, 0, fromArrays, 0);
            MemorySegment aNative = native_(arena, a), cNative = arena.allocate(4L * m * n, 4);
            gemm.run(aNative, cNative);
            assertArrayEquals(fromArrays, cNative.toArray(ValueLayout.JAVA_FLOAT),
                    "same handle, same inputs: native segments must give the very same floats");
        }
    }

    @Test
    void refusesViewsPastTheArrayBeforeCallingNative() {
        try (Arena arena = Arena.ofConfined();
             AclGemmHandle gemm = AclGemmHandle.create(new AclGemmHandle.Shape(4, 3, 2, 5, 3, 7), native_(arena, random(6, 1)), null,
                     false)) {
            // A spans (4-1)*5 + 2 = 17 floats, C spans (4-1)*7 + 3 = 24.
            var e = assertThrows(IllegalArgumentException.class, () -> gemm.run(new float[16], 0, new float[24], 0));
            assertTrue(e.getMessage().contains("needs 17 floats but the array holds 16"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gemm.run(new float[17], 0, new float[25], 2));
            assertTrue(e.getMessage().contains("needs 26 floats but the array holds 25"), e.getMessage());
            float[] shared = new float[40];
            e = assertThrows(IllegalArgumentException.class, () -> gemm.run(shared, 0, shared, 1));
            assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        }
    }

    @Test
    void closedHandleAndClosedWeightsAreRefused() {
        Arena weights = Arena.ofConfined();
        AclGemmHandle gemm = AclGemmHandle.create(AclGemmHandle.Shape.dense(2, 2, 2), native_(weights, random(4, 2)), null, false);
        weights.close();
        var e = assertThrows(IllegalStateException.class, () -> gemm.run(new float[4], 0, new float[4], 0));
        assertTrue(e.getMessage().contains("arena was closed"), e.getMessage());
        gemm.close();
        gemm.close(); // idempotent
        e = assertThrows(IllegalStateException.class, () -> gemm.run(new float[4], 0, new float[4], 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void heapWeightsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () ->
                AclGemmHandle.create(AclGemmHandle.Shape.dense(2, 2, 2), MemorySegment.ofArray(new float[4]), null, false));
        assertTrue(e.getMessage().contains("native memory"), e.getMessage());
    }

    static MemorySegment native_(Arena arena, float[] values) {
        return arena.allocateFrom(ValueLayout.JAVA_FLOAT, values);
    }
}
