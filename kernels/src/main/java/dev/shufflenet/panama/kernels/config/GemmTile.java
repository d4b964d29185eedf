package dev.shufflenet.panama.kernels.config;

/**
 * The register tile of the Vector API GEMM ({@code VectorPointwiseConv}): {@code rows} pixels by
 * {@code mainVectors} vectors of output channels, {@code rows * mainVectors} accumulators. Output
 * channels left over after the main groups go to groups of the powers of two below {@code mainVectors};
 * up to {@code rows - 2} leftover pixels go to 2-pixel tiles of the same widths.
 *
 * @param rows        pixels per main tile; the kernel implements 6
 * @param mainVectors vectors per main group; the kernel implements 4, 2 and 1
 */
public record GemmTile(int rows, int mainVectors) {
    public GemmTile {
        if (rows != 6)
            throw new IllegalArgumentException("the GEMM kernel has 6-pixel tiles only; found rows " + rows);
        if (mainVectors != 4 && mainVectors != 2 && mainVectors != 1)
            throw new IllegalArgumentException("the GEMM kernel has tiles of 4, 2 and 1 vectors; found " + mainVectors);
    }

    /** Vector registers the main tile keeps live: accumulators, one weight row and one broadcast. */
    public int registersNeeded() {
        return rows * mainVectors + mainVectors + 1;
    }
}
