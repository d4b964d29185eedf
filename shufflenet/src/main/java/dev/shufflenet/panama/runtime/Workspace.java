package dev.shufflenet.panama.runtime;

/**
 * The memory one inference runs in: the planned float arena for a capacity of images, plus the user's
 * input and output arrays of the current call. Owned by one thread at a time.
 */
final class Workspace {
    final float[] arena;
    final int capacity;

    float[] input;
    int inputOffset;
    float[] output;
    int outputOffset;
    int batch;

    Workspace(long floatsPerImage, int capacity) {
        long size = floatsPerImage * capacity;
        if (size > Engine.MAX_ARRAY_FLOATS)
            throw new IllegalArgumentException("workspace of " + size + " floats for a batch capacity of " + capacity
                    + " exceeds a Java array; compile with a smaller maxBatch");
        this.arena = new float[(int) size];
        this.capacity = capacity;
    }

    /** Offset of a view for this workspace's capacity. */
    int at(TensorView v) { return v.offset(capacity); }
}
