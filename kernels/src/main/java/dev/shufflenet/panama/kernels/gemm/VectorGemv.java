package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;

/**
 * Vector API matrix-vector product for the FC layer at batch 1 (and any 1x1 conv of very few pixels):
 * out[p][m] = act(bias[m] + sum_k in[p][k] * w[m][k]), each pixel a column, as fast as the weights stream.
 *
 * <p>Why a kernel of its own: at one pixel the GEMM's tiles ({@link VectorPointwiseConv}) hold 2 or 4
 * vectors of one pixel, so 2-4 FMA chains of 4-cycle latency, and the weights arrive more slowly than
 * memory could deliver them; the classifier's weights (4 MB for 1000 x 1024) are the whole cost of the
 * layer. Here the weights are laid out once, at pack time, as {@link ChannelBlockedWeights} in blocks of
 * 4 vectors of output channels (the rest 2, 1), so the whole matrix is one sequential stream read once
 * per column, and each column keeps 4 independent accumulators ({@link GemvTiles}); the bias is added in
 * the epilogue.
 *
 * <p>Why blocks of 4, not 8: the layer is bound by where its weights come from, not by FMAs. From memory
 * (the rest of a network evicts them) blocks of 4 streamed 1000 x 1024 in 147-161 us against 171-219 us for
 * blocks of 8, level with the GEMM's one-pixel tile (which reads 4 vectors per k as well); from the last-level
 * cache both took 46-54 us; at two or more pixels a pair now walks a whole block at once instead of
 * each half of an 8-vector block in turn (batch 8 from memory: 283 against 448-487 us). Blocks of 2 measured
 * level with 4. {@code GemvBenchmark}; docs/measurements.md, session 15.
 *
 * <p>Several pixels (a batch above 1 on one thread): blocks outside, pixels inside, so a block's weights
 * (K x 4 vectors: 256 KB for K = 1024 at 16 lanes) are read from memory once and from cache by every
 * further pair of pixels, which share each weight load. Every output is the same arithmetic whether its
 * pixel ran alone or in a pair (see {@link GemvTiles}), so results never depend on how a batch is split.
 *
 * <p>Contract as {@link PointwiseConvKernel}: threads may run disjoint pixel ranges on the same packed
 * weights; input and output must not overlap. Speeds: {@code GemvBenchmark} and docs/measurements.md.
 */
public final class VectorGemv implements PointwiseConvKernel {
    private static final int LANES = VectorConfig.LANES;
    /** Vectors per weight block: 4 accumulators for one column (see {@link GemvTiles} and the class comment). */
    static final int BLOCK_VECTORS = 4;
    /** A pair of pixels walks a block in parts of this many vectors: all of it (8 accumulators). */
    private static final int PAIR_VECTORS = 4;

    /** One literal per width, so that a printed name leads here by grep. */
    private static final String NAME = switch (VectorConfig.BITS) {
        case 64 -> "f32-gemv-4v-relu-vector64";
        case 128 -> "f32-gemv-4v-relu-vector128";
        case 256 -> "f32-gemv-4v-relu-vector256";
        case 512 -> "f32-gemv-4v-relu-vector512";
        default -> "f32-gemv-4v-relu-" + VectorConfig.setName();
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        return ChannelBlockedWeights.pack(NAME, weight, bias, outChannels, inChannels, LANES, BLOCK_VECTORS, false);
    }

    /**
     * Runs every micro-kernel on tiny problems until C2 has compiled them (Vector API code runs about
     * 1000x slower before), then the driver: 1000 calls at least, then until a round of all of them takes
     * under 50 us (a few us compiled; hundreds with one still interpreted), giving up after maxMillis.
     * The rounds vary what C2's profile would otherwise take as fixed: one and several pixels, full and
     * partial last vectors, relu on and off.
     */
    @Override
    public boolean warmUp(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        int k = 24;
        // 15 vectors = blocks of 4, 4, 4, 2 and 1; less one lane, so the last store is masked.
        int full = 15 * LANES, partial = full - 1;
        PackedWeights wFull = pack(new float[full * k], null, full, k);
        PackedWeights wPartial = pack(new float[partial * k], new float[partial], partial, k);
        float[] in = new float[3 * k], out = new float[3 * full];
        for (int call = 0; ; call++) {
            long before = System.nanoTime();
            boolean relu = (call & 1) == 0;
            run(wFull, in, 0, k, out, 0, full, 0, 1, relu);
            run(wPartial, in, 0, k, out, 0, partial, 0, 3, !relu);
            run(wFull, in, 0, k, out, 0, full, 0, 2, !relu);
            run(wPartial, in, 0, k, out, 0, partial, 0, 1, relu);
            long after = System.nanoTime();
            if (call >= 1000 && after - before < 50_000) return true;
            if (after - deadline > 0) return false;
        }
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(NAME, w);
        int k = packed.inChannels;
        Checks.range(NAME, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(NAME, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(NAME, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        float[] data = packed.data;
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int vectors = packed.groupVectors[g];
            int width = vectors * LANES;
            int biasOff = packed.groupOffset[g], rowsOff = biasOff + width;
            int lastLanes = packed.lastLanes(g);
            int o = outOff + packed.groupChannel[g];
            int p = pixelBegin;
            for (; p + 1 < pixelEnd; p += 2) {
                int a0 = inOff + p * inStride, a1 = a0 + inStride;
                int o0 = o + p * outStride, o1 = o0 + outStride;
                for (int h = 0; h < vectors; h += PAIR_VECTORS) {
                    int part = Math.min(PAIR_VECTORS, vectors - h), at = h * LANES;
                    int lanes = h + part == vectors ? lastLanes : LANES;
                    pair(part, data, biasOff + at, rowsOff + at, width, k, in, a0, a1, out, o0 + at, o1 + at,
                            lanes, floor);
                }
            }
            if (p < pixelEnd)
                column(vectors, data, biasOff, rowsOff, width, k, in, inOff + p * inStride, out, o + p * outStride,
                        lastLanes, floor);
        }
    }

    private static void column(int vectors, float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in,
                               int a, float[] out, int o, int lastLanes, float floor) {
        switch (vectors) {
            case 4 -> GemvTiles.col1x4(w, biasOff, rowsOff, rowStride, k, in, a, out, o, lastLanes, floor);
            case 2 -> GemvTiles.col1x2(w, biasOff, rowsOff, rowStride, k, in, a, out, o, lastLanes, floor);
            default -> GemvTiles.col1x1(w, biasOff, rowsOff, rowStride, k, in, a, out, o, lastLanes, floor);
        }
    }

    private static void pair(int vectors, float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in,
                             int a0, int a1, float[] out, int o0, int o1, int lastLanes, float floor) {
        switch (vectors) {
            case 4 -> GemvTiles.cols2x4(w, biasOff, rowsOff, rowStride, k, in, a0, a1, out, o0, o1, lastLanes, floor);
            case 2 -> GemvTiles.cols2x2(w, biasOff, rowsOff, rowStride, k, in, a0, a1, out, o0, o1, lastLanes, floor);
            default -> GemvTiles.cols2x1(w, biasOff, rowsOff, rowStride, k, in, a0, a1, out, o0, o1, lastLanes, floor);
        }
    }
}
