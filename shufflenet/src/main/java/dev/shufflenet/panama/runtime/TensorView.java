package dev.shufflenet.panama.runtime;

/**
 * Where a planned tensor lives: a channel slice of a {@link Buffer} in the workspace. Channel c of
 * pixel p of image n sits at {@code buffer.offset(capacity) + channelOffset + (n * pixelsPerImage + p) *
 * buffer.pixelStride + c}. Views of one buffer are how concat and split cost nothing.
 *
 * @param tensor the graph value it holds, for plan descriptions
 */
record TensorView(String tensor, Buffer buffer, int channelOffset, int channels, int height, int width, boolean flat) {

    int pixelsPerImage() { return height * width; }

    int pixelStride() { return buffer.pixelStride(); }

    /** Absolute offset of pixel 0, channel 0 of image 0 in a workspace planned for this capacity. */
    int offset(int capacity) { return buffer.offset(capacity) + channelOffset; }

    /** Channels [start, end) of this view, holding the named tensor. */
    TensorView slice(String name, int start, int end) {
        return new TensorView(name, buffer, channelOffset + start, end - start, height, width, flat);
    }

    /** The same memory seen as a rank-2 [N, C] tensor (H = W = 1). */
    TensorView flattened(String name) { return new TensorView(name, buffer, channelOffset, channels, 1, 1, true); }

    /** True when this view covers its whole buffer. */
    boolean whole() { return channelOffset == 0 && channels == buffer.pixelStride(); }

    /** Same buffer and channels: the same memory. */
    boolean sameMemory(TensorView o) {
        return buffer == o.buffer && channelOffset == o.channelOffset && channels == o.channels;
    }
}
