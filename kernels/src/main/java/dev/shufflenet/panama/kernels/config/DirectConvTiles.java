package dev.shufflenet.panama.kernels.config;

/**
 * The tiles of the direct (stem) convolution ({@code VectorDirectConv}): {@code pairPixels} output pixels
 * by two channel vectors when channel blocks come in pairs, {@code singlePixels} by one vector for an
 * unpaired block; and the pair tile of the fused stem ({@code VectorStemConvPool}, conv + max pool), whose
 * unpaired block uses {@code singlePixels} too.
 *
 * @param pairPixels         the kernel implements 6 (12 accumulators, 2 weight vectors, 1 broadcast: 15 registers)
 * @param singlePixels       the kernels implement 8 (8 accumulators, 1 weight vector, 1 broadcast: 10 registers)
 * @param stemPoolPairPixels the fused stem implements 4 (8 accumulators, 2 weight vectors, 1 broadcast). Its
 *                           6-pixel version pooled 8 vectors per tile in its epilogue, which took C2's parse
 *                           of the tile past its node budget for inlining (NodeCountInliningCutoff), so the
 *                           last fold was called with a boxed vector: 129 KB allocated per 224 x 224 call
 *                           (JMH -prof gc); the 4-pixel tile pools 6 and allocates nothing
 * @param pixelStemIdleLanes the fused stem runs vectorised along pixels ({@code PixelVectorStemConvPool}, 6
 *                           channels x 4 pixel vectors: 29 registers) where the channel-vector stem would leave at
 *                           least this share of its lanes past the last channel; above 1 for never (16 registers)
 */
public record DirectConvTiles(int pairPixels, int singlePixels, int stemPoolPairPixels, double pixelStemIdleLanes) {
    public DirectConvTiles {
        if (pairPixels != 6 || singlePixels != 8 || stemPoolPairPixels != 4)
            throw new IllegalArgumentException("the direct conv kernel has 6x2v and 8x1v tiles only, the fused stem"
                    + " 4x2v and 8x1v; found " + pairPixels + "x2v, " + singlePixels + "x1v and " + stemPoolPairPixels
                    + "x2v");
        if (!(pixelStemIdleLanes > 0))
            throw new IllegalArgumentException("pixelStemIdleLanes is a share of lanes above 0 (above 1: never); found "
                    + pixelStemIdleLanes);
    }
}
