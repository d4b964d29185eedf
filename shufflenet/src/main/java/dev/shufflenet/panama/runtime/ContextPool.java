package dev.shufflenet.panama.runtime;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The per-call contexts (workspaces) of one model, reused across calls without allocating: a fixed array
 * of slots taken and returned with atomic swaps. A queue would allocate a node per return (the JDK's
 * ConcurrentLinkedQueue does), which is what the hot path must not do. A context is created the first
 * time every slot is empty; when more callers run at once than there are slots, the extra contexts are
 * dropped on return (then those calls allocate; size the pool above the callers you expect).
 */
final class ContextPool<T> {
    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    ContextPool(int size, Supplier<T> factory) {
        this.slots = new AtomicReferenceArray<>(size);
        this.factory = factory;
    }

    T take() {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.getPlain(i) != null) {
                T t = slots.getAndSet(i, null);
                if (t != null) return t;
            }
        }
        return factory.get();
    }

    void give(T t) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.getPlain(i) == null && slots.compareAndSet(i, null, t)) return;
        }
    }
}
