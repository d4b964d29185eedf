package dev.shufflenet.panama.kernels.config;

/**
 * The tiles of the direct (stem) convolution ({@code VectorDirectConv}): {@code pairPixels} output pixels
 * by two channel vectors when channel blocks come in pairs, {@code singlePixels} by one vector for an
 * unpaired block.
 *
 * @param pairPixels   the kernel implements 6 (12 accumulators, 2 weight vectors, 1 broadcast: 15 registers)
 * @param singlePixels the kernel implements 8 (8 accumulators, 1 weight vector, 1 broadcast: 10 registers)
 */
public record DirectConvTiles(int pairPixels, int singlePixels) {
    public DirectConvTiles {
        if (pairPixels != 6 || singlePixels != 8)
            throw new IllegalArgumentException("the direct conv kernel has 6x2v and 8x1v tiles only; found "
                    + pairPixels + "x2v and " + singlePixels + "x1v");
    }
}
