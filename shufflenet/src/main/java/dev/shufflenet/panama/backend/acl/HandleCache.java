package dev.shufflenet.panama.backend.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ACL handles one packed-weights object has configured, by shape key. Bounded: the runtime uses a handful
 * of fixed shapes per layer, so a caller that keeps inventing new ranges gets a handle configured for that one
 * call (and closed after it) rather than an ever-growing cache.
 */
final class HandleCache<K, H extends AutoCloseable> {
    /** Far above what one layer sees from the runtime (one range per thread, plus a whole-batch one). */
    static final int MAX_HANDLES = 64;

    private final ConcurrentHashMap<K, H> handles = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A cached handle for {@code key}, configured by {@code create} the first time; null when the cache is full. */
    H cached(K key, Function<K, H> create) {
        if (closed) throw new IllegalStateException("the packed weights were closed");
        H h = handles.get(key);
        if (h != null || handles.size() >= MAX_HANDLES) return h;
        return handles.computeIfAbsent(key, create);
    }

    int size() {
        return handles.size();
    }

    /** Closes every handle; later lookups fail. */
    void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (H h : handles.values()) {
            try {
                h.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        handles.clear();
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + failures.size() + " ACL handles failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
