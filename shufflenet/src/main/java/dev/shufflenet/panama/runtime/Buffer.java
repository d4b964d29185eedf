package dev.shufflenet.panama.runtime;

/**
 * One allocation in the workspace: {@code pixelsPerImage * pixelStride} floats per image. The memory
 * planner gives it an offset for a capacity of one image; since every buffer grows linearly with the
 * batch capacity, the plan for capacity B is the same plan scaled by B (offsets and sizes alike), so
 * one plan serves every batch size and every per-thread workspace.
 */
final class Buffer {
    final int id;
    final String owner;
    private final int pixelStride;
    private final int pixelsPerImage;
    int firstStep = Integer.MAX_VALUE;
    int lastStep = -1;
    private long offsetPerImage = -1;

    Buffer(int id, String owner, int pixelStride, int pixelsPerImage) {
        this.id = id;
        this.owner = owner;
        this.pixelStride = pixelStride;
        this.pixelsPerImage = pixelsPerImage;
    }

    int pixelStride() { return pixelStride; }

    int pixelsPerImage() { return pixelsPerImage; }

    /** Floats per image. */
    long floatsPerImage() { return (long) pixelStride * pixelsPerImage; }

    void touch(int step) {
        firstStep = Math.min(firstStep, step);
        lastStep = Math.max(lastStep, step);
    }

    void place(long offsetPerImage) { this.offsetPerImage = offsetPerImage; }

    long offsetPerImage() { return offsetPerImage; }

    int offset(int capacity) { return (int) (offsetPerImage * capacity); }

    @Override public String toString() { return "buffer#" + id + "(" + owner + ")"; }
}
