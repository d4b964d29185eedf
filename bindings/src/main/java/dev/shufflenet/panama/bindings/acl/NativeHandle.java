package dev.shufflenet.panama.bindings.acl;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * Owns one native shim handle: destroyed by {@link #close()}, or by a {@link Cleaner} if its owner is dropped
 * unclosed (a safety net; owners close explicitly). Not thread-safe by itself: owners synchronise.
 */
final class NativeHandle {
    private static final Cleaner CLEANER = Cleaner.create();

    private final State state;
    private final Cleaner.Cleanable cleanable;

    /** The cleaning action must not reach the owner, or the owner would never become unreachable. */
    private static final class State implements Runnable {
        private final Consumer<MemorySegment> destroy;
        private MemorySegment address;

        State(MemorySegment address, Consumer<MemorySegment> destroy) {
            this.address = address;
            this.destroy = destroy;
        }

        @Override
        public synchronized void run() {
            if (address == null) return;
            MemorySegment a = address;
            address = null;
            destroy.accept(a);
        }
    }

    NativeHandle(Object owner, MemorySegment address, Consumer<MemorySegment> destroy) {
        this.state = new State(address, destroy);
        this.cleanable = CLEANER.register(owner, state);
    }

    /** The handle's address; throws {@link IllegalStateException} once closed. */
    MemorySegment address(String who) {
        MemorySegment a = state.address;
        if (a == null) throw new IllegalStateException(who + " is closed");
        return a;
    }

    boolean isOpen() {
        return state.address != null;
    }

    /** Destroys the native handle; idempotent. */
    void close() {
        cleanable.clean();
    }
}
