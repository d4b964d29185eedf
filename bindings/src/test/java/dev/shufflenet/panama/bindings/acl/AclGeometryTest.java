package dev.shufflenet.panama.bindings.acl;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

/** Shape validation and the extent checks, which run in Java on every platform. */
class AclGeometryTest {
    @Test
    void gemmShapeNamesTheBadNumber() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AclGemmHandle.Shape(4, 8, 16, 15, 8, 8));
        assertEquals("AclGemmHandle: lda 15 must be at least k 16", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AclGemmHandle.Shape(4, 8, 16, 16, 8, 7));
        assertEquals("AclGemmHandle: ldc 7 must be at least n 8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AclGemmHandle.Shape(0, 8, 16, 16, 8, 8));
        assertEquals("AclGemmHandle: m must be positive, found 0", e.getMessage());
        var s = new AclGemmHandle.Shape(4, 8, 16, 20, 8, 10);
        assertEquals(3 * 20 + 16, s.aFloats());
        assertEquals(15 * 8 + 8, s.bFloats());
        assertEquals(3 * 10 + 8, s.cFloats());
    }

    @Test
    void arrayExtentIsCheckedExactly() {
        AclChecks.array("k", "A", new float[17], 0, 4, 5, 2);  // (4-1)*5 + 2 = 17 fits exactly
        var e = assertThrows(IllegalArgumentException.class, () -> AclChecks.array("k", "A", new float[17], 1, 4, 5, 2));
        assertEquals("k: A (4 rows of 2 floats, stride 5, from offset 1) needs 18 floats but the array holds 17",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AclChecks.array("k", "A", new float[17], -1, 1, 1, 1));
        assertEquals("k: A offset -1 is negative", e.getMessage());
    }

    @Test
    void segmentsMustBeLargeEnoughAndNativeWhenKept() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(40, 4);
            AclChecks.segment("k", "B", s, 10, true);
            var e = assertThrows(IllegalArgumentException.class, () -> AclChecks.segment("k", "B", s, 11, true));
            assertEquals("k: B needs 11 floats (44 bytes) but the segment holds 40 bytes", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> AclChecks.segment("k", "B", s.asSlice(2), 2, false));
            assertTrue(e.getMessage().contains("is not aligned to 4 bytes"), e.getMessage());
        }
        AclChecks.segment("k", "A", MemorySegment.ofArray(new float[3]), 3, false);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AclChecks.segment("k", "B", MemorySegment.ofArray(new float[3]), 3, true));
        assertTrue(e.getMessage().contains("must be native memory"), e.getMessage());
    }

    @Test
    void channelSlicesOfOneTensorAreDisjoint() {
        float[] t = new float[10 * 8];
        // input channels 0..3, output channels 4..7 of the same 10 pixels: no shared element
        AclChecks.disjoint("k", "in", t, 0, 10, 8, 4, "out", t, 4, 10, 8, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AclChecks.disjoint("k", "in", t, 0, 10, 8, 5, "out", t, 4, 10, 8, 4));
        assertTrue(e.getMessage().startsWith("k: out (offset 4, 10 x 4, stride 8) overlaps in"), e.getMessage());
    }
}
