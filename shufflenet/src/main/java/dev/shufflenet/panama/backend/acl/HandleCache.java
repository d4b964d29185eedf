package dev.shufflenet.panama.backend.acl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ACL GEMM handles one packed-weights object has configured, by everything that fixes a GEMM's shape besides
 * the weights (pixel count, strides, ReLU).
 *
 * <p>Looking a shape up allocates nothing: the entries are an array, replaced whole when one is added and read
 * without a lock, and the key is the four values themselves rather than a key object built per call. The runtime
 * uses a handful of fixed shapes per layer, so the scan is short. Bounded: a caller that keeps inventing new
 * ranges gets a handle configured for that one call (and closed after it) rather than an ever-growing cache.
 */
final class HandleCache<H extends AutoCloseable> {
    /** Far above what one layer sees from the runtime (one range per thread, plus a whole-batch one). */
    static final int MAX_HANDLES = 64;

    /** How a handle for a missing shape is made. */
    interface Configure<H> {
        H configure(int pixels, int inStride, int outStride, boolean relu);
    }

    private record Entry(int pixels, int inStride, int outStride, boolean relu, AutoCloseable handle) {}

    private static final Entry[] NONE = {};

    private volatile Entry[] entries = NONE;
    private volatile boolean closed;

    /** The handle configured for this shape, or null when there is none yet. */
    @SuppressWarnings("unchecked")
    H find(int pixels, int inStride, int outStride, boolean relu) {
        if (closed) throw new IllegalStateException("the packed weights were closed");
        for (Entry e : entries)
            if (e.pixels == pixels && e.inStride == inStride && e.outStride == outStride && e.relu == relu)
                return (H) e.handle;
        return null;
    }

    /** The handle for this shape, configured by {@code how} the first time; null when the cache is full. */
    synchronized H configure(int pixels, int inStride, int outStride, boolean relu, Configure<H> how) {
        H h = find(pixels, inStride, outStride, relu);
        if (h != null || entries.length >= MAX_HANDLES) return h;
        h = how.configure(pixels, inStride, outStride, relu);
        Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
        grown[entries.length] = new Entry(pixels, inStride, outStride, relu, h);
        entries = grown;
        return h;
    }

    int size() {
        return entries.length;
    }

    /** Closes every handle; later lookups fail. */
    synchronized void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (Entry e : entries) {
            try {
                e.handle.close();
            } catch (Exception ex) {
                failures.add(ex);
            }
        }
        entries = NONE;
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + failures.size() + " ACL handles failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
