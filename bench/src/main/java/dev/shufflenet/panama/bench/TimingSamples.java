package dev.shufflenet.panama.bench;

import java.util.Arrays;

/** A growable list of call durations in nanoseconds: no boxing, so recording a sample allocates nothing (mostly). */
final class TimingSamples {
    private long[] nanos = new long[1024];
    private int count;

    void add(long durationNanos) {
        if (count == nanos.length) nanos = Arrays.copyOf(nanos, count * 2);
        nanos[count++] = durationNanos;
    }

    int count() { return count; }

    LatencyStats stats() { return LatencyStats.of(nanos, count); }

    /** The durations recorded so far, in call order, as a new array. */
    long[] toArray() { return Arrays.copyOf(nanos, count); }
}
