package dev.shufflenet.panama.backend.acl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The per-weights handle cache (no native code: runs on every platform). */
class HandleCacheTest {
    /** Stands in for an ACL handle: records whether it was closed. */
    static final class FakeHandle implements AutoCloseable {
        final int key;
        boolean closed;

        FakeHandle(int key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void configuresOncePerKeyUntilFullThenHandsOutNothing() {
        HandleCache<Integer, FakeHandle> cache = new HandleCache<>();
        List<FakeHandle> created = new ArrayList<>();
        for (int round = 0; round < 2; round++)
            for (int key = 0; key < HandleCache.MAX_HANDLES; key++) {
                FakeHandle h = cache.cached(key, k -> {
                    FakeHandle f = new FakeHandle(k);
                    created.add(f);
                    return f;
                });
                assertEquals(key, h.key);
            }
        assertEquals(HandleCache.MAX_HANDLES, created.size(), "the second round must reuse every handle");
        assertNull(cache.cached(-1, FakeHandle::new), "a full cache configures nothing more");
        assertEquals(HandleCache.MAX_HANDLES, cache.size());
        cache.close();
        assertTrue(created.stream().allMatch(h -> h.closed), "close must close every handle");
        var e = assertThrows(IllegalStateException.class, () -> cache.cached(0, FakeHandle::new));
        assertEquals("the packed weights were closed", e.getMessage());
    }
}
