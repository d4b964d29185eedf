package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused stem ({@link StemConvPoolKernel}) vectorised along output channels, with the direct conv's
 * tiles ({@link TargetConfig#stem}): six output pixels of a conv row by two channel vectors, or eight
 * pixels by one vector for an unpaired block; each input value is broadcast and multiplied by vectors of
 * output-channel weights.
 *
 * <p>What the fusion saves: the input is read in its NCHW planes (no layout pass), and the conv output
 * never goes to memory. A tile starts at an odd conv column 2j + 1, so its six conv pixels t0..t5 give,
 * in registers, pool column j's last value t0, columns j + 1 and j + 2 whole (max(t0, t1, t2), max(t2,
 * t3, t4)) and the first two values of column j + 3 (max(t4, t5)); those four vectors are folded into the
 * one or two pool rows the conv row belongs to (stored where they open a pool window, maxed in where the
 * window holds earlier values). Pool rows are 24 x 56 floats here, so the folding stays in L1. ReLU is
 * applied to the pooled values: max and ReLU commute exactly.
 *
 * <p>Reading NCHW makes the taps of one (kernel row, input channel) pair for six pixels at stride 2
 * thirteen consecutive floats at constant offsets from one index, so C2 checks their bounds once; the
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
    /** The target's tiles (6 x 2v and 8 x 1v: all that is implemented, as in the direct conv). */
    private static final int PIXELS = TargetConfigs.current().stem().singlePixels();
    private static final int PAIR_PIXELS = TargetConfigs.current().stem().pairPixels();

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6x2v-vector64";
        case 128 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6x2v-vector128";
        case 256 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6x2v-vector256";
        case 512 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6x2v-vector512";
        default -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6x2v-" + VectorConfig.setName();
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

    @Override
    public String name() { return name; }

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
                boolean aFirst = cr == 0;
                int ih0 = 2 * cr - 1;
                int tBegin = Math.max(0, -ih0) * cin, tEnd = Math.min(3, inH - ih0) * cin;
                // Offset of input row ih0 of plane 0; may point before the image, only rows >= tBegin / cin are read.
                int rowBase = image + ih0 * inW;
                if (mask != null) {
                    row(p, 0, -1, mask, lo, in, rowBase, rowTap, tBegin, tEnd, inW, convW, interiorEnd, outW,
                            out, aRow, aFirst, bRow, outStride);
                    continue;
                }
                // Channel blocks two at a time (24 channels are one pair at 16 lanes); the last block is
                // shifted to end at the last channel.
                for (int b = 0; b < blocks; b += 2) {
                    int c = Math.min(b * L, cout - L);
                    int c2 = b + 1 < blocks ? Math.min((b + 1) * L, cout - L) : -1;
                    row(p, c, c2, null, lo, in, rowBase, rowTap, tBegin, tEnd, inW, convW, interiorEnd, outW,
                            out, aRow, aFirst, bRow, outStride);
                }
            }
            r += phEnd - ph0;
        }
    }

    /** One conv row for channel block c (and c2 when it is not -1), folded into pool rows aRow and bRow (-1: none). */
    private static void row(Packed p, int c, int c2, VectorMask<Float> mask, float lo, float[] in, int rowBase,
                            int[] rowTap, int tBegin, int tEnd, int inW, int convW, int interiorEnd, int outW,
                            float[] out, int aRow, boolean aFirst, int bRow, int outStride) {
        pixel(p, c, mask, lo, in, rowBase, rowTap, tBegin, tEnd, inW, 0, outW, out, aRow, aFirst, bRow, outStride);
        if (c2 >= 0) pixel(p, c2, null, lo, in, rowBase, rowTap, tBegin, tEnd, inW, 0, outW, out, aRow, aFirst, bRow,
                outStride);
        // Tiles start at odd columns (1, 7, 13, ...): each ends on an even column, where a pool window opens.
        int ow = 1;
        if (c2 >= 0) {
            for (; ow + PAIR_PIXELS <= interiorEnd; ow += PAIR_PIXELS)
                sixPixelsTwoBlocks(p, c, c2, lo, in, rowBase + 2 * ow - 1, rowTap, tBegin, tEnd, out,
                        (ow >> 1) * outStride, aRow, aFirst, bRow, outStride);
        } else {
            for (; ow + PIXELS <= interiorEnd; ow += PIXELS)
                eightPixels(p, c, mask, lo, in, rowBase + 2 * ow - 1, rowTap, tBegin, tEnd, out,
                        (ow >> 1) * outStride + c, aRow, aFirst, bRow, outStride);
        }
        for (; ow < convW; ow++) {
            pixel(p, c, mask, lo, in, rowBase, rowTap, tBegin, tEnd, inW, ow, outW, out, aRow, aFirst, bRow, outStride);
            if (c2 >= 0) pixel(p, c2, null, lo, in, rowBase, rowTap, tBegin, tEnd, inW, ow, outW, out, aRow, aFirst,
                    bRow, outStride);
        }
    }

    /**
     * One conv pixel (column ow) with kernel columns clipped to the image: the edge and leftover path.
     * Column ow is the first of pool column ow / 2's window only when ow == 0; an odd ow also opens column
     * ow / 2 + 1.
     */
    private static void pixel(Packed p, int c, VectorMask<Float> mask, float lo, float[] in, int rowBase, int[] rowTap,
                              int tBegin, int tEnd, int inW, int ow, int outW, float[] out, int aRow, boolean aFirst,
                              int bRow, int outStride) {
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
        acc = acc.max(lo);
        int j = ow >> 1, col = j * outStride + c;
        boolean opensNext = (ow & 1) == 1 && j + 1 < outW;
        if (aRow >= 0) {
            fold(acc, out, aRow + col, aFirst && ow == 0, mask);
            if (opensNext) fold(acc, out, aRow + col + outStride, aFirst, mask);
        }
        if (bRow >= 0) {
            fold(acc, out, bRow + col, ow == 0, mask);
            if (opensNext) fold(acc, out, bRow + col + outStride, true, mask);
        }
    }

    /**
     * Six interior conv pixels from odd column ow = 2j + 1 for channel blocks c and c2: twelve accumulators,
     * each broadcast input value used twice. {@code ip0} is the input pixel under the first one's tap (0, 0)
     * in plane 0 and kernel row 0; {@code col} is pool column j's offset in a pool row.
     */
    private static void sixPixelsTwoBlocks(Packed p, int c, int c2, float lo, float[] in, int ip0, int[] rowTap,
                                           int tBegin, int tEnd, float[] out, int col, int aRow, boolean aFirst,
                                           int bRow, int outStride) {
        int padded = p.padded;
        float[] wt = p.data;
        int biasAt = 9 * p.inChannels * padded;
        FloatVector b0 = FloatVector.fromArray(S, wt, biasAt + c), b1 = FloatVector.fromArray(S, wt, biasAt + c2);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0, a4 = b0, a5 = b0;
        FloatVector e0 = b1, e1 = b1, e2 = b1, e3 = b1, e4 = b1, e5 = b1;
        for (int t = tBegin, wp = 3 * t * padded; t < tEnd; t++, wp += 3 * padded) {
            int i = ip0 + rowTap[t];
            // Kernel column x of pixel q reads column 2q + x: offsets 0..12 from i, constants C2 checks once.
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
                FloatVector x4 = FloatVector.broadcast(S, in[ix + 8]);
                a4 = x4.fma(w0, a4); e4 = x4.fma(w1, e4);
                FloatVector x5 = FloatVector.broadcast(S, in[ix + 10]);
                a5 = x5.fma(w0, a5); e5 = x5.fma(w1, e5);
            }
        }
        // Pool columns j .. j + 3 in registers; c's block first, then c2's (on an overlap, the same values again).
        foldFour(a0.max(lo), a0.max(a1).max(a2).max(lo), a2.max(a3).max(a4).max(lo), a4.max(a5).max(lo), out,
                col + c, aRow, aFirst, bRow, outStride, null);
        foldFour(e0.max(lo), e0.max(e1).max(e2).max(lo), e2.max(e3).max(e4).max(lo), e4.max(e5).max(lo), out,
                col + c2, aRow, aFirst, bRow, outStride, null);
    }

    /** Eight interior conv pixels from odd column 2j + 1 for one channel block; {@code col} already includes c. */
    private static void eightPixels(Packed p, int c, VectorMask<Float> mask, float lo, float[] in, int ip0,
                                    int[] rowTap, int tBegin, int tEnd, float[] out, int col, int aRow,
                                    boolean aFirst, int bRow, int outStride) {
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
        foldFour(a0.max(lo), a0.max(a1).max(a2).max(lo), a2.max(a3).max(a4).max(lo), a4.max(a5).max(a6).max(lo), out,
                col, aRow, aFirst, bRow, outStride, mask);
        FloatVector last = a6.max(a7).max(lo);
        int j4 = col + 4 * outStride;
        if (aRow >= 0) fold(last, out, aRow + j4, aFirst, mask);
        if (bRow >= 0) fold(last, out, bRow + j4, true, mask);
    }

    /**
     * Pool columns j (whose window already holds a value: maxed in) and j + 1, j + 2, j + 3 (opened by
     * this tile: stored into a row this conv row opens, maxed into the others) at {@code col}, {@code col +
     * outStride}, ... of rows aRow and bRow.
     */
    private static void foldFour(FloatVector q0, FloatVector q1, FloatVector q2, FloatVector q3, float[] out, int col,
                                 int aRow, boolean aFirst, int bRow, int outStride, VectorMask<Float> mask) {
        if (aRow >= 0) {
            int o = aRow + col;
            fold(q0, out, o, false, mask);
            fold(q1, out, o + outStride, aFirst, mask);
            fold(q2, out, o + 2 * outStride, aFirst, mask);
            fold(q3, out, o + 3 * outStride, aFirst, mask);
        }
        if (bRow >= 0) {
            int o = bRow + col;
            fold(q0, out, o, false, mask);
            fold(q1, out, o + outStride, true, mask);
            fold(q2, out, o + 2 * outStride, true, mask);
            fold(q3, out, o + 3 * outStride, true, mask);
        }
    }

    /** The first value of a pool window is stored; later ones are maxed in. */
    private static void fold(FloatVector v, float[] out, int i, boolean first, VectorMask<Float> m) {
        if (m == null) {
            (first ? v : v.max(FloatVector.fromArray(S, out, i))).intoArray(out, i);
        } else {
            (first ? v : v.max(FloatVector.fromArray(S, out, i, m))).intoArray(out, i, m);
        }
    }
}
