package dev.shufflenet.panama.kernels.shuffle;

/** The reference channel shuffles: one float at a time, following the mapping in the interface's javadoc. */
public final class ScalarChannelShuffle implements ChannelShuffleKernel {
    private static final String NAME = "f32-shuffle-scalar";
    private static final String CONCAT_SHUFFLE_SPLIT_NAME = "f32-concat-shuffle2-split-scalar";

    @Override
    public String name() { return NAME; }

    @Override
    public String concatShuffleSplitName() { return CONCAT_SHUFFLE_SPLIT_NAME; }

    @Override
    public void shuffle(int channels, int groups, float[] in, int inOff, int inStride,
                        float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkShuffle(NAME, channels, groups, in, inOff, inStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
        shuffleLoop(channels, groups, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd);
    }

    /** Input channel gi * (C/g) + j to output channel j * g + gi, read in order, written with stride g. */
    static void shuffleLoop(int channels, int groups, float[] in, int inOff, int inStride,
                            float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        int perGroup = channels / groups;
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int i = inOff + p * inStride, o = outOff + p * outStride;
            for (int gi = 0; gi < groups; gi++)
                for (int j = 0; j < perGroup; j++)
                    out[o + j * groups + gi] = in[i + gi * perGroup + j];
        }
    }

    @Override
    public void concatShuffleSplit(int half, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                                   float[] lo, int loOff, int loStride, float[] hi, int hiOff, int hiStride,
                                   int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkConcatShuffleSplit(CONCAT_SHUFFLE_SPLIT_NAME, half, a, aOff, aStride, b, bOff, bStride, lo, loOff, loStride,
                hi, hiOff, hiStride, pixelBegin, pixelEnd);
        concatShuffleSplitLoop(half, a, aOff, aStride, b, bOff, bStride, lo, loOff, loStride, hi, hiOff, hiStride,
                pixelBegin, pixelEnd);
    }

    static void concatShuffleSplitLoop(int half, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                                       float[] lo, int loOff, int loStride, float[] hi, int hiOff, int hiStride,
                                       int pixelBegin, int pixelEnd) {
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int ia = aOff + p * aStride, ib = bOff + p * bStride;
            int ol = loOff + p * loStride, oh = hiOff + p * hiStride;
            // Shuffled channel s is a[s / 2] when s is even, b[s / 2] when odd; lo takes s < half, hi the rest.
            for (int s = 0; s < half; s++)
                lo[ol + s] = (s & 1) == 0 ? a[ia + (s >> 1)] : b[ib + (s >> 1)];
            for (int s = half; s < 2 * half; s++)
                hi[oh + s - half] = (s & 1) == 0 ? a[ia + (s >> 1)] : b[ib + (s >> 1)];
        }
    }
}
