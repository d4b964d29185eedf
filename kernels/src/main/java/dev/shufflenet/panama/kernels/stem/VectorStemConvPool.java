package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused stem ({@link StemConvPoolKernel}) vectorised along output channels, with the target's stem
 * tiles ({@link TargetConfig#stem}): four output pixels of a conv row by two channel vectors, or eight
 * pixels by one vector for an unpaired block; each input value is broadcast and multiplied by vectors of
 * output-channel weights.
 *
 * <p>What the fusion saves: the input is read in its NCHW planes (no layout pass), and the conv output
 * never goes to memory. A tile starts at an odd conv column 2j + 1, so its four conv pixels t0..t3 give,
 * in registers, pool column j's last value t0, column j + 1 whole (max(t0, t1, t2)) and the first two
 * values of column j + 2 (max(t2, t3)); those three vectors per channel block are maxed into the
 * one or two pool rows the conv row belongs to. A pool row is set to 0 (under ReLU; else -infinity) by the
 * conv row that opens it, so the ReLU is that bound of the max (max and ReLU commute exactly) and every
 * fold is the same load, max, store. Pool rows are 56 x 24 floats here, so the folding stays in L1.
 *
 * <p>Reading NCHW makes the taps of one (kernel row, input channel) pair for four pixels at stride 2
 * nine consecutive floats at constant offsets from one index, so C2 checks their bounds once; the
 * taps are walked in one flat loop over (kernel row, input channel) pairs through a table of plane and
 * row offsets, as in {@code VectorDirectConv}. Rows at the image's top and bottom use a clipped range of
 * that loop; columns at its left and right edge go one pixel at a time with clipped kernel columns.
 *
 * <p>Channel tail as in the direct conv: a last block shifted to end at the last channel when there are
 * at least as many channels as lanes (its overlap is folded twice with the same values, which max leaves
 * unchanged), else one block with masked loads and stores. Weights are padded, so weight loads never need
 * a mask.
 */
public final class VectorStemConvPool implements StemConvPoolKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** The target's tiles (4 x 2v and 8 x 1v: all that is implemented; see DirectConvTiles for why 4). */
    private static final int PIXELS = TargetConfigs.current().stem().singlePixels();
    private static final int PAIR_PIXELS = TargetConfigs.current().stem().stemPoolPairPixels();

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-vector64";
        case 128 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-vector128";
        case 256 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-vector256";
        case 512 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-vector512";
        default -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-4x2v-" + VectorConfig.setName();
    };

    /**
     * data[((y * inChannels + k) * 3 + x) * padded + m] is the weight from input channel k at tap (y, x) to
     * output channel m; bias follows at 9 * inChannels * padded. padded = outChannels rounded up to the
     * lane count, zero-filled.
     */
    private static final class Packed implements PackedWeights {
        final int outChannels, inChannels, padded;
        final float[] data;
        /** The last row table built, for the input size it was built for; immutable, so threads may share it. */
        private volatile RowTaps taps;

        Packed(int outChannels, int inChannels, int padded, float[] data) {
            this.outChannels = outChannels;
            this.inChannels = inChannels;
            this.padded = padded;
            this.data = data;
        }

        @Override public int outChannels() { return outChannels; }
        @Override public int inChannels() { return inChannels; }

        /** offsets[y * inChannels + k]: offset of kernel row y in plane k from the image row under kernel row 0. */
        int[] rowTaps(int inH, int inW) {
            RowTaps t = taps;
            if (t != null && t.inH == inH && t.inW == inW) return t.offsets;
            int[] offsets = new int[3 * inChannels];
            for (int y = 0, i = 0; y < 3; y++)
                for (int k = 0; k < inChannels; k++) offsets[i++] = k * inH * inW + y * inW;
            taps = new RowTaps(inH, inW, offsets);
            return offsets;
        }
    }

    private record RowTaps(int inH, int inW, int[] offsets) {}

    /** The family's other member, vectorised along pixels (the target's choice where this one idles lanes). */
    private static final PixelVectorStemConvPool PIXELS_STEM = new PixelVectorStemConvPool();
    private static final double PIXEL_STEM_IDLE_LANES = TargetConfigs.current().stem().pixelStemIdleLanes();

    @Override
    public String name() { return name; }

    /**
     * This kernel computes channels in whole vectors (24 channels at 16 lanes: 32 lanes, a quarter idle); where
     * that idles at least the target's {@link dev.shufflenet.panama.kernels.config.DirectConvTiles#pixelStemIdleLanes}
     * share, the pixel-vector stem, which idles none on channels.
     */
    @Override
    public StemConvPoolKernel forChannels(int outChannels) {
        return idleLanes(outChannels, L) >= PIXEL_STEM_IDLE_LANES ? PIXELS_STEM : this;
    }

    /** The share of lanes this kernel computes past the last channel: {@code 1 - c / (ceil(c / lanes) * lanes)}. */
    static double idleLanes(int outChannels, int lanes) {
        int padded = (outChannels + lanes - 1) / lanes * lanes;
        return (padded - outChannels) / (double) padded;
    }

    @Override
    public java.util.List<StemConvPoolKernel> members() {
        return java.util.List.of(this, PIXELS_STEM);
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        StemConvPoolArgs.checkPack(name, weight, bias, outChannels, inChannels);
        int padded = (outChannels + L - 1) / L * L;
        float[] data = new float[(9 * inChannels + 1) * padded];
        for (int m = 0; m < outChannels; m++) {
            for (int y = 0; y < 3; y++)
                for (int k = 0; k < inChannels; k++)
                    for (int x = 0; x < 3; x++)
                        data[((y * inChannels + k) * 3 + x) * padded + m] = weight[((m * inChannels + k) * 3 + y) * 3 + x];
            if (bias != null) data[9 * inChannels * padded + m] = bias[m];
        }
        return new Packed(outChannels, inChannels, padded, data);
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, float[] in, int inOff, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        Packed p = Checks.packedBy(name, Packed.class, w);
        StemConvPoolArgs.checkRun(name, p, inH, inW, in, inOff, out, outOff, outStride, rowBegin, rowEnd);
        int cin = p.inChannels, cout = p.outChannels;
        int convH = StemConvPoolKernel.convSize(inH), convW = StemConvPoolKernel.convSize(inW);
        int outH = StemConvPoolKernel.outSize(inH), outW = StemConvPoolKernel.outSize(inW);
        // Conv columns [1, interiorEnd) have all three kernel columns inside the image.
        int interiorEnd = Math.max(1, Math.min(convW, (inW - 2) / 2 + 1));
        float lo = relu ? 0f : Float.NEGATIVE_INFINITY;
        VectorMask<Float> mask = cout < L ? S.indexInRange(0, cout) : null;
        int[] rowTap = p.rowTaps(inH, inW);
        int plane = inH * inW;
        int blocks = (cout + L - 1) / L;
        for (int r = rowBegin; r < rowEnd; ) {
            int n = r / outH, ph0 = r - n * outH;
            int phEnd = Math.min(outH, ph0 + (rowEnd - r));
            int image = inOff + n * cin * plane;
            int outImage = outOff + n * outH * outW * outStride;
            // Conv rows 2*ph - 1 .. 2*ph + 1 feed pool row ph; a band starts at the row it shares with the band above.
            for (int cr = Math.max(0, 2 * ph0 - 1), crEnd = Math.min(convH, 2 * phEnd); cr < crEnd; cr++) {
                int pa = cr / 2;
                // Pool row pa: cr is its middle row (even cr; its first when cr == 0) or its last (odd cr) ...
                int aRow = pa >= ph0 ? outImage + pa * outW * outStride : -1;
                // ... and odd cr is also the first row of pool row pa + 1, which it opens.
                int bRow = (cr & 1) == 1 && pa + 1 < phEnd ? outImage + (pa + 1) * outW * outStride : -1;
                // A pool row opened by this conv row starts at the max's identity (0 under ReLU: max(0, v) is
                // the ReLU), so every conv value is then maxed in, with no first-value case in the tiles.
                if (cr == 0) open(out, aRow, outW, outStride, cout, lo);
                if (bRow >= 0) open(out, bRow, outW, outStride, cout, lo);
                int ih0 = 2 * cr - 1;
                int tBegin = Math.max(0, -ih0) * cin, tEnd = Math.min(3, inH - ih0) * cin;
                // Offset of input row ih0 of plane 0; may point before the image, only rows >= tBegin / cin are read.
                int rowBase = image + ih0 * inW;
                if (mask != null) {
                    row(p, 0, -1, mask, in, rowBase, rowTap, tBegin, tEnd, inW, convW, interiorEnd, outW,
                            out, aRow, bRow, outStride);
                    continue;
                }
                // Channel blocks two at a time (24 channels are one pair at 16 lanes); the last block is
                // shifted to end at the last channel.
                for (int b = 0; b < blocks; b += 2) {
                    int c = Math.min(b * L, cout - L);
                    int c2 = b + 1 < blocks ? Math.min((b + 1) * L, cout - L) : -1;
                    row(p, c, c2, null, in, rowBase, rowTap, tBegin, tEnd, inW, convW, interiorEnd, outW,
                            out, aRow, bRow, outStride);
                }
            }
            r += phEnd - ph0;
        }
    }

    /** Pool row {@code row}'s channels set to {@code lo}: the pool window's start, and the ReLU's bound. */
    private static void open(float[] out, int row, int outW, int outStride, int channels, float lo) {
        for (int q = 0, i = row; q < outW; q++, i += outStride) java.util.Arrays.fill(out, i, i + channels, lo);
    }

    /** One conv row for channel block c (and c2 when it is not -1), maxed into pool rows aRow and bRow (-1: none). */
    private static void row(Packed p, int c, int c2, VectorMask<Float> mask, float[] in, int rowBase,
                            int[] rowTap, int tBegin, int tEnd, int inW, int convW, int interiorEnd, int outW,
                            float[] out, int aRow, int bRow, int outStride) {
        pixel(p, c, mask, in, rowBase, rowTap, tBegin, tEnd, inW, 0, outW, out, aRow, bRow, outStride);
        if (c2 >= 0) pixel(p, c2, null, in, rowBase, rowTap, tBegin, tEnd, inW, 0, outW, out, aRow, bRow,
                outStride);
        // Tiles start at odd columns (1, 7, 13, ...): each ends on an even column, where a pool window opens.
        int ow = 1;
        if (c2 >= 0) {
            for (; ow + PAIR_PIXELS <= interiorEnd; ow += PAIR_PIXELS)
                fourPixelsTwoBlocks(p, c, c2, in, rowBase + 2 * ow - 1, rowTap, tBegin, tEnd, out,
                        (ow >> 1) * outStride, aRow, bRow, outStride);
            int last = lastTileStart(ow, interiorEnd, PAIR_PIXELS);
            if (last > 0) {
                fourPixelsTwoBlocks(p, c, c2, in, rowBase + 2 * last - 1, rowTap, tBegin, tEnd, out,
                        (last >> 1) * outStride, aRow, bRow, outStride);
                ow = last + PAIR_PIXELS;
            }
        } else {
            for (; ow + PIXELS <= interiorEnd; ow += PIXELS)
                eightPixels(p, c, mask, in, rowBase + 2 * ow - 1, rowTap, tBegin, tEnd, out,
                        (ow >> 1) * outStride + c, aRow, bRow, outStride);
            int last = lastTileStart(ow, interiorEnd, PIXELS);
            if (last > 0) {
                eightPixels(p, c, mask, in, rowBase + 2 * last - 1, rowTap, tBegin, tEnd, out,
                        (last >> 1) * outStride + c, aRow, bRow, outStride);
                ow = last + PIXELS;
            }
        }
        for (; ow < convW; ow++) {
            pixel(p, c, mask, in, rowBase, rowTap, tBegin, tEnd, inW, ow, outW, out, aRow, bRow, outStride);
            if (c2 >= 0) pixel(p, c2, null, in, rowBase, rowTap, tBegin, tEnd, inW, ow, outW, out, aRow, bRow,
                    outStride);
        }
    }

    /**
     * Where one more tile of {@code pixels} goes after the tiles that ended at {@code ow}: the last odd start
     * (the pool windows' parity) whose tile still ends inside the interior, overlapping the tiles before it.
     * The overlap is computed again and maxed in again, which leaves the pool windows as they were, so the
     * leftover interior columns (3 of 112 per row for 4-pixel tiles, 7 for 8-pixel ones) run in a tile
     * instead of one pixel at a time (one accumulator, so FMA latency bound: about 8x the time per pixel).
     * Returns 0 when no such tile adds a column.
     */
    static int lastTileStart(int ow, int interiorEnd, int pixels) {
        if (ow >= interiorEnd) return 0;
        int start = interiorEnd - pixels;
        if ((start & 1) == 0) start--;
        return start >= 1 && start + pixels > ow ? start : 0;
    }

    /**
     * One conv pixel (column ow) with kernel columns clipped to the image: the edge and leftover path. It
     * belongs to pool column ow / 2's window and, when odd, to column ow / 2 + 1's.
     */
    private static void pixel(Packed p, int c, VectorMask<Float> mask, float[] in, int rowBase, int[] rowTap,
                              int tBegin, int tEnd, int inW, int ow, int outW, float[] out, int aRow, int bRow,
                              int outStride) {
        int padded = p.padded;
        float[] wt = p.data;
        int iw0 = 2 * ow - 1;
        int xBegin = Math.max(0, -iw0), xEnd = Math.min(3, inW - iw0);
        FloatVector acc = FloatVector.fromArray(S, wt, 9 * p.inChannels * padded + c);
        for (int t = tBegin; t < tEnd; t++) {
            int ip = rowBase + rowTap[t] + iw0;
            int wp = 3 * t * padded + c;
            for (int x = xBegin; x < xEnd; x++)
                acc = FloatVector.broadcast(S, in[ip + x]).fma(FloatVector.fromArray(S, wt, wp + x * padded), acc);
        }
        int j = ow >> 1, col = j * outStride + c;
        boolean next = (ow & 1) == 1 && j + 1 < outW;
        if (aRow >= 0) {
            put(acc, out, aRow + col, mask);
            if (next) put(acc, out, aRow + col + outStride, mask);
        }
        if (bRow >= 0) {
            put(acc, out, bRow + col, mask);
            if (next) put(acc, out, bRow + col + outStride, mask);
        }
    }

    /**
     * Four interior conv pixels from odd column ow = 2j + 1 for channel blocks c and c2: eight accumulators,
     * each broadcast input value used twice. {@code ip0} is the input pixel under the first one's tap (0, 0)
     * in plane 0 and kernel row 0; {@code col} is pool column j's offset in a pool row.
     */
    private static void fourPixelsTwoBlocks(Packed p, int c, int c2, float[] in, int ip0, int[] rowTap,
                                            int tBegin, int tEnd, float[] out, int col, int aRow, int bRow,
                                            int outStride) {
        int padded = p.padded;
        float[] wt = p.data;
        int biasAt = 9 * p.inChannels * padded;
        FloatVector b0 = FloatVector.fromArray(S, wt, biasAt + c), b1 = FloatVector.fromArray(S, wt, biasAt + c2);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0;
        FloatVector e0 = b1, e1 = b1, e2 = b1, e3 = b1;
        for (int t = tBegin, wp = 3 * t * padded; t < tEnd; t++, wp += 3 * padded) {
            int i = ip0 + rowTap[t];
            // Kernel column x of pixel q reads column 2q + x: offsets 0..8 from i, constants C2 checks once.
            for (int x = 0; x < 3; x++) {
                FloatVector w0 = FloatVector.fromArray(S, wt, wp + x * padded + c);
                FloatVector w1 = FloatVector.fromArray(S, wt, wp + x * padded + c2);
                int ix = i + x;
                FloatVector x0 = FloatVector.broadcast(S, in[ix]);
                a0 = x0.fma(w0, a0); e0 = x0.fma(w1, e0);
                FloatVector x1 = FloatVector.broadcast(S, in[ix + 2]);
                a1 = x1.fma(w0, a1); e1 = x1.fma(w1, e1);
                FloatVector x2 = FloatVector.broadcast(S, in[ix + 4]);
                a2 = x2.fma(w0, a2); e2 = x2.fma(w1, e2);
                FloatVector x3 = FloatVector.broadcast(S, in[ix + 6]);
                a3 = x3.fma(w0, a3); e3 = x3.fma(w1, e3);
            }
        }
        // Pool columns j .. j + 2 in registers, maxed into rows aRow and bRow; c's block first, then c2's (on
        // an overlap, the same values again, which max leaves as they are).
        FloatVector q1 = a0.max(a1).max(a2), q2 = a2.max(a3);
        FloatVector r1 = e0.max(e1).max(e2), r2 = e2.max(e3);
        for (int row = aRow, d = 0; d < 2; row = bRow, d++) {
            if (row < 0) continue;
            int o = row + col;
            fold(a0, out, o + c);
            fold(q1, out, o + outStride + c);
            fold(q2, out, o + 2 * outStride + c);
            fold(e0, out, o + c2);
            fold(r1, out, o + outStride + c2);
            fold(r2, out, o + 2 * outStride + c2);
        }
    }

    /** Eight interior conv pixels from odd column 2j + 1 for one channel block; {@code col} already includes c. */
    private static void eightPixels(Packed p, int c, VectorMask<Float> mask, float[] in, int ip0,
                                    int[] rowTap, int tBegin, int tEnd, float[] out, int col, int aRow, int bRow,
                                    int outStride) {
        int padded = p.padded;
        float[] wt = p.data;
        FloatVector bias = FloatVector.fromArray(S, wt, 9 * p.inChannels * padded + c);
        FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias;
        for (int t = tBegin, wp = 3 * t * padded + c; t < tEnd; t++, wp += 3 * padded) {
            int i = ip0 + rowTap[t];
            for (int x = 0; x < 3; x++) {
                FloatVector wv = FloatVector.fromArray(S, wt, wp + x * padded);
                int ix = i + x;
                a0 = FloatVector.broadcast(S, in[ix]).fma(wv, a0);
                a1 = FloatVector.broadcast(S, in[ix + 2]).fma(wv, a1);
                a2 = FloatVector.broadcast(S, in[ix + 4]).fma(wv, a2);
                a3 = FloatVector.broadcast(S, in[ix + 6]).fma(wv, a3);
                a4 = FloatVector.broadcast(S, in[ix + 8]).fma(wv, a4);
                a5 = FloatVector.broadcast(S, in[ix + 10]).fma(wv, a5);
                a6 = FloatVector.broadcast(S, in[ix + 12]).fma(wv, a6);
                a7 = FloatVector.broadcast(S, in[ix + 14]).fma(wv, a7);
            }
        }
        // Pool columns j .. j + 4, maxed in as in fourPixelsTwoBlocks.
        FloatVector q0 = a0, q1 = a0.max(a1).max(a2), q2 = a2.max(a3).max(a4), q3 = a4.max(a5).max(a6), q4 = a6.max(a7);
        for (int row = aRow, d = 0; d < 2; row = bRow, d++) {
            if (row < 0) continue;
            int o = row + col;
            put(q0, out, o, mask);
            put(q1, out, o + outStride, mask);
            put(q2, out, o + 2 * outStride, mask);
            put(q3, out, o + 3 * outStride, mask);
            put(q4, out, o + 4 * outStride, mask);
        }
    }

    /*
     * The folds are tiny methods, under C2's limit for inlining a call site that runs once per call (35
     * bytecodes): a vector passed to a method that is not inlined is boxed, an allocation per call.
     */

    /** A conv value into a pool window: max with what the window holds. */
    private static void fold(FloatVector v, float[] out, int i) {
        v.max(FloatVector.fromArray(S, out, i)).intoArray(out, i);
    }

    private static void foldMasked(FloatVector v, float[] out, int i, VectorMask<Float> m) {
        v.max(FloatVector.fromArray(S, out, i, m)).intoArray(out, i, m);
    }

    private static void put(FloatVector v, float[] out, int i, VectorMask<Float> m) {
        if (m == null) fold(v, out, i); else foldMasked(v, out, i, m);
    }
}
