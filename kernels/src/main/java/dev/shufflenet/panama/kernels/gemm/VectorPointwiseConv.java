package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;

/**
 * Vector API 1x1 convolution over NHWC views (TODO numbers).
 */
public final class VectorPointwiseConv implements PointwiseConvKernel {
    enum Tile { T6X4, T8X3 }

    private static final int LANES = VectorConfig.LANES;

    private final Tile tile;
    private final String name;
    private final int rows, maxVectors;
    public VectorPointwiseConv() {
        this(Tile.T6X4);
    }

    VectorPointwiseConv(Tile tile) {
        this.tile = tile;
        this.rows = tile == Tile.T6X4 ? 6 : 8;
        this.maxVectors = tile == Tile.T6X4 ? 4 : 3;
        this.name = "f32-gemm-" + rows + "x" + maxVectors + "v-relu-" + VectorConfig.isaSuffix();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Runs every micro-kernel on a tiny problem often enough that the JIT compiles it, so a first real
     * call does not run interpreted. Optional: without it the first calls of a model are slow instead.
     *
     * <p>Why: until C2 compiles them, Vector API methods run about 1000x slower (each operation allocates),
     * and C2 compiles a method only after about 600 calls whose calls plus loop iterations pass 15000.
     * 1000 calls of 24 input channels pass both for each of the six micro-kernels (1 ms or so each when
     * compiled; about a second of CPU in all while interpreted). Compilation then finishes in the
     * background. Safe to call from any thread, any number of times.
     */
    public void warmUp() {
        int m = 7 * LANES, k = 24, pixels = 8; // groups of 4, 2 and 1 vectors; a 6-pixel and a 2-pixel tile
        PackedWeights w = pack(new float[m * k], null, m, k);
        float[] in = new float[pixels * k], out = new float[pixels * m];
        for (int call = 0; call < 1000; call++) run(w, in, 0, k, out, 0, m, 0, pixels, (call & 1) == 0);
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        return ChannelBlockedWeights.pack(name, weight, bias, outChannels, inChannels, LANES, maxVectors);
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        if (!(w instanceof ChannelBlockedWeights packed) || !packed.packedBy.equals(name))
            throw new IllegalArgumentException(name + ": weights were packed by another kernel ("
                    + (w instanceof ChannelBlockedWeights c ? c.packedBy : w == null ? "null" : w.getClass().getSimpleName()) + ")");
        int k = packed.inChannels;
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(name, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        float[] data = packed.data;
        // Up to 4 leftover pixels cost less in 2-pixel tiles than in a big tile of mostly repeated rows.
        int rest = (pixelEnd - pixelBegin) % rows;
        int tilesEnd = rest != 0 && rest <= 4 ? pixelEnd - rest : pixelEnd;
        // Groups outside, pixels inside: a group's weights (at most K x 4 vectors, 119 KB for K = 464)
        // stay in L2 while every pixel passes, and a classifier's 4 MB of weights is read from memory once.
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int wOff = packed.groupOffset[g];
            int nv = packed.groupVectors[g];
            int lastLanes = packed.lastLanes(g);
            int o = outOff + packed.groupChannel[g];
            for (int p = pixelBegin; p < tilesEnd; p += rows) {
                int n = Math.min(rows, tilesEnd - p), a = inOff + p * inStride, c = o + p * outStride;
                if (tile == Tile.T6X4) {
                    switch (nv) {
                        case 4 -> PointwiseTiles6x4.rows6x4(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                        case 2 -> PointwiseTiles6x4.rows6x2(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                        default -> PointwiseTiles6x4.rows6x1(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                    }
                } else {
                    switch (nv) {
                        case 3 -> PointwiseTiles8x3.rows8x3(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                        case 2 -> PointwiseTiles8x3.rows8x2(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                        default -> PointwiseTiles8x3.rows8x1(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                    }
                }
            }
            for (int p = tilesEnd; p < pixelEnd; p += 2) {
                int n = Math.min(2, pixelEnd - p), a = inOff + p * inStride, c = o + p * outStride;
                switch (nv) {
                    case 4 -> PointwiseTiles2xN.rows2x4(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                    case 3 -> PointwiseTiles2xN.rows2x3(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                    case 2 -> PointwiseTiles2xN.rows2x2(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                    default -> PointwiseTiles2xN.rows2x1(data, wOff, k, in, a, inStride, out, c, outStride, n, lastLanes, floor);
                }
            }
        }
    }
}
