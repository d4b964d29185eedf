package dev.shufflenet.panama.backend.acl;

import org.junit.jupiter.api.Test;

import dev.shufflenet.panama.testing.WarmAllocation;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The per-weights handle cache (no native code: runs on every platform). */
class HandleCacheTest {
    /** Stands in for an ACL handle: records its shape and whether it was closed. */
    static final class FakeHandle implements AutoCloseable {
        final int pixels, inStride, outStride;
        final boolean relu;
        boolean closed;

        FakeHandle(int pixels, int inStride, int outStride, boolean relu) {
            this.pixels = pixels;
            this.inStride = inStride;
            this.outStride = outStride;
            this.relu = relu;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void configuresOncePerShapeUntilFullThenHandsOutNothing() {
        HandleCache<FakeHandle> cache = new HandleCache<>();
        List<FakeHandle> created = new ArrayList<>();
        HandleCache.Configure<FakeHandle> make = (p, i, o, r) -> {
            FakeHandle f = new FakeHandle(p, i, o, r);
            created.add(f);
            return f;
        };
        for (int round = 0; round < 2; round++)
            for (int n = 0; n < HandleCache.MAX_HANDLES; n++) {
                // Shapes that differ in one field each: pixels, strides, ReLU.
                int pixels = 1 + n / 4, inStride = n % 4 == 1 ? 9 : 8, outStride = n % 4 == 2 ? 9 : 8;
                boolean relu = n % 4 == 3;
                FakeHandle h = round == 0 ? cache.configure(pixels, inStride, outStride, relu, make)
                        : cache.find(pixels, inStride, outStride, relu);
                assertNotNull(h);
                assertEquals(List.of(pixels, inStride, outStride, relu), List.of(h.pixels, h.inStride, h.outStride, h.relu));
            }
        assertEquals(HandleCache.MAX_HANDLES, created.size(), "the second round must find every handle");
        assertNull(cache.find(1000, 8, 8, false));
        assertNull(cache.configure(1000, 8, 8, false, make), "a full cache configures nothing more");
        assertEquals(HandleCache.MAX_HANDLES, cache.size());
        cache.close();
        assertTrue(created.stream().allMatch(h -> h.closed), "close must close every handle");
        var e = assertThrows(IllegalStateException.class, () -> cache.find(1, 8, 8, false));
        assertEquals("the packed weights were closed", e.getMessage());
    }

    /** The hot path: finding a configured shape allocates nothing (the key is the numbers, not an object). */
    @Test
    void findingAHandleAllocatesNothing() {
        HandleCache<FakeHandle> cache = new HandleCache<>();
        for (int p = 1; p <= 8; p++) cache.configure(p, 16, 24, p % 2 == 0, FakeHandle::new);
        long[] found = {0};
        long allocated = WarmAllocation.bytesOnceWarm(() -> {
            for (int i = 0; i < 10_000; i++) found[0] += cache.find(1 + i % 8, 16, 24, (1 + i % 8) % 2 == 0).pixels;
        }, 1, 2_000_000_000L, 20_000_000_000L);
        assertTrue(found[0] > 0);
        assertEquals(0, allocated, "bytes allocated by 10,000 lookups");
    }
}
