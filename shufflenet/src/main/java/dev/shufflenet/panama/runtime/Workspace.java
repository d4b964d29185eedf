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

    /**
     * Floats past the last view: one vector of the widest species (2048-bit SVE), so that a kernel's masked load of a
     * view's last channels never runs past the array. The Vector API's masked load has two paths, offset in range
     * and not; C2 keeps only the first when the second never ran, and with both it merges two vectors, which it
     * sometimes left boxed: the residual load of the GEMM's add + ReLU epilogue allocated 0.7-6 MB per call in
     * about half of the JVM runs of CompiledModelAllocationTest at 512 bits.
     */
    static final int SLACK_FLOATS = 64;

    Workspace(long floatsPerImage, int capacity) {
        long size = floatsPerImage * capacity + SLACK_FLOATS;
        if (size > Engine.MAX_ARRAY_FLOATS)
            throw new IllegalArgumentException("workspace of " + size + " floats for a batch capacity of " + capacity
                    + " exceeds a Java array; compile with a smaller maxBatch");
        this.arena = new float[(int) size];
        this.capacity = capacity;
    }

    /** Offset of a view for this workspace's capacity. */
    int at(TensorView v) { return v.offset(capacity); }
}
