package dev.shufflenet.panama.kernels.shuffle;

/**
 * ShuffleNet's channel shuffles over NHWC views.
 *
 * <p>Shuffle with g groups of C channels: input channel {@code gi * (C/g) + j} goes to output channel
 * {@code j * g + gi}.
 *
 * <p>The fused concat + shuffle(2) + split of a ShuffleNet v2 unit: the two branch outputs a and b
 * (C/2 channels each) are concatenated, shuffled with 2 groups and split in halves; so output channel
 * 2i is a[i] and 2i+1 is b[i], and the first half of those C channels goes to {@code lo}, the second to
 * {@code hi}. One pass, no intermediate tensor.
 *
 * <p>Views may share one array (an arena), but output views must not overlap input views: neither
 * operation works in place. Channels past each output view's channel count are never written.
 */
public interface ChannelShuffleKernel {
    /** The name of {@link #shuffle}, the g-group shuffle, e.g. "f32-shuffle-zip-vector512". */
    String name();

    /**
     * The name of {@link #concatShuffleSplit}, the fused v2 op, e.g.
     * "f32-concat-shuffle2-split-zip-vector512": a step that runs it reports this name.
     */
    String concatShuffleSplitName();

    void shuffle(int channels, int groups, float[] in, int inOff, int inStride,
                 float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd);

    /**
     * Whether {@link #shuffle} moves whole vectors for this shape, or falls back to one float at a time.
     * The planner folds a shuffle into the conv that reads it only where the pass would be scalar:
     * {@code ChannelRunsGemmBenchmark} measured a vectorized pass plus a plain GEMM faster than the folded
     * read, and the folded read faster than a scalar pass.
     */
    default boolean isVectorized(int channels, int groups) {
        return false;
    }

    /**
     * @param half C/2, the channels of a, of b, of lo and of hi
     */
    void concatShuffleSplit(int half, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                            float[] lo, int loOff, int loStride, float[] hi, int hiOff, int hiStride,
                            int pixelBegin, int pixelEnd);
}
