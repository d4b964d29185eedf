package dev.shufflenet.panama.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places buffers in one workspace so that buffers alive at the same step never overlap: greedy by
 * size, largest first, each at the lowest offset that clears every already-placed buffer whose
 * lifetime intersects its own (the usual offset-assignment heuristic). How close it comes to the lower
 * bound, the peak of live bytes, is in docs/measurements.md ("Runtime").
 *
 * <p>Offsets are rounded up to 16 floats (64 bytes) from element 0 of the workspace's float array. That
 * is an alignment relative to the array, not to memory: the JVM puts a float[]'s element 0 after the
 * array header (16 bytes on 64-bit HotSpot) in an object that is only 8-byte aligned, so every buffer
 * starts at the same cache-line phase, not at a line boundary. What it does give: no cache line holds
 * the end of one buffer and the start of another.
 */
final class MemoryPlanner {
    private MemoryPlanner() {}

    /** Places all buffers; returns the workspace size in floats for a capacity of one image. */
    static long place(List<Buffer> buffers) {
        List<Buffer> order = new ArrayList<>(buffers);
        order.sort(Comparator.comparingLong(Buffer::floatsPerImage).reversed().thenComparingInt(b -> b.id));
        List<Buffer> placed = new ArrayList<>();
        long total = 0;
        for (Buffer b : order) {
            List<long[]> busy = new ArrayList<>();
            for (Buffer p : placed) {
                if (p.firstStep <= b.lastStep && b.firstStep <= p.lastStep)
                    busy.add(new long[] {p.offsetPerImage(), p.offsetPerImage() + p.floatsPerImage()});
            }
            busy.sort(Comparator.comparingLong(r -> r[0]));
            long candidate = 0;
            for (long[] r : busy) {
                if (candidate + b.floatsPerImage() <= r[0]) break;
                // Round to 16 floats from element 0: buffers never share a cache line (see the class doc).
                candidate = Math.max(candidate, align(r[1]));
            }
            b.place(candidate);
            placed.add(b);
            total = Math.max(total, candidate + b.floatsPerImage());
        }
        return align(total);
    }

    private static long align(long floats) { return (floats + 15) & ~15L; }

    /** Peak of floats alive at once (lower bound for {@link #place}). */
    static long peakLive(List<Buffer> buffers, int steps) {
        long peak = 0;
        for (int s = 0; s < steps; s++) {
            long live = 0;
            for (Buffer b : buffers) if (b.firstStep <= s && s <= b.lastStep) live += b.floatsPerImage();
            peak = Math.max(peak, live);
        }
        return peak;
    }
}
