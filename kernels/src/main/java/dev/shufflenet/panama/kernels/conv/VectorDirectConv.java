package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct KxK convolution vectorised along output channels: each input value is broadcast and multiplied
 * by vectors of output-channel weights. The main tile is six output pixels of a row by two channel
 * vectors (twelve independent accumulators; each weight vector loaded once for six pixels, each
 * broadcast used twice), which is what keeps the FMA units busy when the input has only a few channels,
 * as in the stem (3 to 24 channels: one pair of blocks at 16 lanes). An unpaired block uses an eight
 * pixel by one vector tile. The tiles come from the target ({@link TargetConfig#stem}, where the
 * measurements behind them are). Both tiles walk the taps in one flat loop through a table of input
 * offsets (the weight rows of consecutive taps are consecutive), which C2 compiles far better than
 * nested y, x, k loops with a 3-iteration inner loop ({@code StemConvBenchmark}; docs/measurements.md).
 * The table depends on the input's width and pixel stride; it is built on the first call with them and
 * kept with the packed weights, so later calls allocate nothing.
 *
 * <p>Per output row the taps that fall in the image are fixed by loop bounds: rows by a clipped kernel
 * row range, columns by splitting the row into left border, interior (all kernel columns inside, the
 * tiled path) and right border, so no tap test runs in the inner loops.
 *
 * <p>Channel tail as in the depthwise kernel: a last block shifted to end at the last channel when there
 * are at least as many channels as lanes, else one block with a masked store. Weights are padded, so
 * weight loads never need a mask.
 */
public final class VectorDirectConv implements DirectConvKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** The target's tiles: pixels of the one-vector and the two-vector tile (8 and 6, all that is implemented). */
    private static final int PIXELS = TargetConfigs.current().stem().singlePixels();
    private static final int PAIR_PIXELS = TargetConfigs.current().stem().pairPixels();

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-conv-direct-6x2v-relu-vector64";
        case 128 -> "f32-conv-direct-6x2v-relu-vector128";
        case 256 -> "f32-conv-direct-6x2v-relu-vector256";
        case 512 -> "f32-conv-direct-6x2v-relu-vector512";
        default -> "f32-conv-direct-6x2v-relu-" + VectorConfig.setName();
    };

    /** The minmax variant's name (the same code clamping to [min, max]), one literal per vector width. */
    private final String minmaxName = switch (VectorConfig.BITS) {
        case 64 -> "f32-conv-direct-6x2v-minmax-vector64";
        case 128 -> "f32-conv-direct-6x2v-minmax-vector128";
        case 256 -> "f32-conv-direct-6x2v-minmax-vector256";
        case 512 -> "f32-conv-direct-6x2v-minmax-vector512";
        default -> "f32-conv-direct-6x2v-minmax-" + VectorConfig.setName();
    };

    /**
     * data[((y * kernelW + x) * inChannels + k) * padded + m] is the weight from input channel k at tap
     * (y, x) to output channel m; bias follows at taps * inChannels * padded. padded = outChannels
     * rounded up to the lane count, zero-filled.
     */
    private static final class Packed implements PackedWeights {
        final int outChannels, inChannels, kernelH, kernelW, padded;
        final float[] data;
        /** The last tap table built, for the input width and stride it was built for; immutable, so threads may share it. */
        private volatile TapOffsets taps;

        Packed(int outChannels, int inChannels, int kernelH, int kernelW, int padded, float[] data) {
            this.outChannels = outChannels;
            this.inChannels = inChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
            this.padded = padded;
            this.data = data;
        }

        @Override public int outChannels() { return outChannels; }
        @Override public int inChannels() { return inChannels; }
        @Override public int kernelH() { return kernelH; }
        @Override public int kernelW() { return kernelW; }

        /** offsets[t]: input offset of tap t = (y, x, k) from the pixel under tap (0, 0). */
        int[] tapOffsets(int inW, int inStride) {
            TapOffsets t = taps;
            if (t != null && t.inW == inW && t.inStride == inStride) return t.offsets;
            int[] offsets = new int[kernelH * kernelW * inChannels];
            for (int y = 0, i = 0; y < kernelH; y++)
                for (int x = 0; x < kernelW; x++)
                    for (int k = 0; k < inChannels; k++) offsets[i++] = (y * inW + x) * inStride + k;
            taps = new TapOffsets(inW, inStride, offsets);
            return offsets;
        }
    }

    private record TapOffsets(int inW, int inStride, int[] offsets) {}

    @Override
    public String name() { return name; }

    @Override
    public String minmaxName() { return minmaxName; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels, int kernelH,
                              int kernelW) {
        DirectConvArgs.checkPack(name, weight, bias, outChannels, inChannels, kernelH, kernelW);
        int padded = (outChannels + L - 1) / L * L;
        int taps = kernelH * kernelW;
        float[] data = new float[(taps * inChannels + 1) * padded];
        for (int m = 0; m < outChannels; m++) {
            for (int k = 0; k < inChannels; k++)
                for (int t = 0; t < taps; t++)
                    data[(t * inChannels + k) * padded + m] = weight[(m * inChannels + k) * taps + t];
            if (bias != null) data[taps * inChannels * padded + m] = bias[m];
        }
        return new Packed(outChannels, inChannels, kernelH, kernelW, padded, data);
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
                    int padTop, int padLeft, int padBottom, int padRight,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        run(w, inH, inW, strideH, strideW, padTop, padLeft, padBottom, padRight, in, inOff, inStride, out, outOff,
                outStride, rowBegin, rowEnd, relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** The minmax variant: the ReLU and plain runs are this with max = +infinity. */
    @Override
    public void run(PackedWeights w, int inH, int inW, int strideH, int strideW,
                    int padTop, int padLeft, int padBottom, int padRight,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, float min, float max) {
        Checks.clampBounds(name, min, max);
        Packed p = Checks.packedBy(name, Packed.class, w);
        DirectConvArgs.checkRun(name, p, inH, inW, strideH, strideW, padTop, padLeft, padBottom, padRight,
                in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        int kh = p.kernelH, kw = p.kernelW, cout = p.outChannels;
        int outH = DirectConvArgs.outSize(inH, kh, strideH, padTop, padBottom);
        int outW = DirectConvArgs.outSize(inW, kw, strideW, padLeft, padRight);
        // Interior columns [interiorBegin, interiorEnd): every kernel column falls inside the image.
        int interiorBegin = Math.min(outW, (padLeft + strideW - 1) / strideW);
        int lastFit = inW - kw + padLeft;
        int interiorEnd = lastFit < 0 ? 0 : Math.min(outW, lastFit / strideW + 1);
        interiorEnd = Math.max(interiorEnd, interiorBegin);
        float lo = min, hi = max;
        boolean clamp = hi < Float.POSITIVE_INFINITY; // the minmax variant: its own copies of the row code
        VectorMask<Float> mask = cout < L ? S.indexInRange(0, cout) : null;
        int[] tapOffset = p.tapOffsets(inW, inStride);
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int ih0 = oh * strideH - padTop;
            int yBegin = Math.max(0, -ih0), yEnd = Math.min(kh, inH - ih0);
            // Offset of input pixel (ih0, 0) of image n; may point before the image, only rows >= yBegin are read.
            int rowBase = inOff + ((n * inH + ih0) * inW) * inStride;
            int outRow = outOff + r * outW * outStride;
            if (mask != null) {
                if (clamp) rowMinmax(p, 0, -1, mask, lo, hi, in, rowBase, tapOffset, inW, inStride, strideW, padLeft, yBegin,
                        yEnd, interiorBegin, interiorEnd, outW, out, outRow, outStride);
                else row(p, 0, -1, mask, lo, in, rowBase, tapOffset, inW, inStride, strideW, padLeft, yBegin, yEnd, interiorBegin,
                        interiorEnd, outW, out, outRow, outStride);
                continue;
            }
            // Channel blocks two at a time (the stem's 24 channels are one pair at 16 lanes): each broadcast
            // input value then feeds two FMAs. The last block is shifted to end at the last channel.
            int blocks = (cout + L - 1) / L;
            for (int b = 0; b < blocks; b += 2) {
                int c = Math.min(b * L, cout - L);
                int c2 = b + 1 < blocks ? Math.min((b + 1) * L, cout - L) : -1;
                if (clamp) rowMinmax(p, c, c2, null, lo, hi, in, rowBase, tapOffset, inW, inStride, strideW, padLeft, yBegin,
                        yEnd, interiorBegin, interiorEnd, outW, out, outRow, outStride);
                else row(p, c, c2, null, lo, in, rowBase, tapOffset, inW, inStride, strideW, padLeft, yBegin, yEnd, interiorBegin,
                        interiorEnd, outW, out, outRow, outStride);
            }
        }
    }

    /** One output row for channel block c (and c2 when it is not -1). */
    private static void row(Packed p, int c, int c2, VectorMask<Float> mask, float lo, float[] in, int rowBase,
                            int[] tapOffset, int inW, int inStride, int strideW, int padLeft, int yBegin, int yEnd,
                            int interiorBegin, int interiorEnd, int outW, float[] out, int outRow, int outStride) {
        int ow = 0;
        for (; ow < interiorBegin; ow++) {
            pixel(p, c, mask, lo, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c);
            if (c2 >= 0) pixel(p, c2, null, lo, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c2);
        }
        if (c2 >= 0) {
            for (; ow + PAIR_PIXELS <= interiorEnd; ow += PAIR_PIXELS)
                sixPixelsTwoBlocks(p, c, c2, lo, in, rowBase + (ow * strideW - padLeft) * inStride, tapOffset,
                        inStride, strideW, yBegin, yEnd, out, outRow + ow * outStride, outStride);
        } else {
            for (; ow + PIXELS <= interiorEnd; ow += PIXELS)
                eightPixels(p, c, mask, lo, in, rowBase + (ow * strideW - padLeft) * inStride, tapOffset, inStride,
                        strideW, yBegin, yEnd, out, outRow + ow * outStride + c, outStride);
        }
        for (; ow < outW; ow++) {
            pixel(p, c, mask, lo, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c);
            if (c2 >= 0) pixel(p, c2, null, lo, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c2);
        }
    }

    /**
     * Six neighbouring interior output pixels for channel blocks c and c2: twelve accumulators, each
     * broadcast input value used twice. {@code ip0} is the input pixel under the first one's tap (0, 0).
     */
    private static void sixPixelsTwoBlocks(Packed p, int c, int c2, float lo, float[] in, int ip0, int[] tapOffset,
                                           int inStride, int strideW, int yBegin, int yEnd, float[] out, int o,
                                           int outStride) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int d = strideW * inStride;
        int biasAt = p.kernelH * kw * cin * padded;
        FloatVector b0 = FloatVector.fromArray(S, wt, biasAt + c), b1 = FloatVector.fromArray(S, wt, biasAt + c2);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0, a4 = b0, a5 = b0;
        FloatVector e0 = b1, e1 = b1, e2 = b1, e3 = b1, e4 = b1, e5 = b1;
        // One flat loop over the taps' (y, x, k) of rows [yBegin, yEnd), which are consecutive weight rows;
        // tapOffset[t] is the input offset of tap t from the pixel under tap (0, 0).
        int tEnd = yEnd * kw * cin;
        for (int t = yBegin * kw * cin, wp = t * padded; t < tEnd; t++, wp += padded) {
            FloatVector w0 = FloatVector.fromArray(S, wt, wp + c);
            FloatVector w1 = FloatVector.fromArray(S, wt, wp + c2);
            int i = ip0 + tapOffset[t];
            FloatVector x0 = FloatVector.broadcast(S, in[i]);
            a0 = x0.fma(w0, a0); e0 = x0.fma(w1, e0);
            FloatVector x1 = FloatVector.broadcast(S, in[i + d]);
            a1 = x1.fma(w0, a1); e1 = x1.fma(w1, e1);
            FloatVector x2 = FloatVector.broadcast(S, in[i + 2 * d]);
            a2 = x2.fma(w0, a2); e2 = x2.fma(w1, e2);
            FloatVector x3 = FloatVector.broadcast(S, in[i + 3 * d]);
            a3 = x3.fma(w0, a3); e3 = x3.fma(w1, e3);
            FloatVector x4 = FloatVector.broadcast(S, in[i + 4 * d]);
            a4 = x4.fma(w0, a4); e4 = x4.fma(w1, e4);
            FloatVector x5 = FloatVector.broadcast(S, in[i + 5 * d]);
            a5 = x5.fma(w0, a5); e5 = x5.fma(w1, e5);
        }
        // c's block first, then c2's: when they overlap, c2's values (the same numbers) land last.
        a0.max(lo).intoArray(out, o + c);
        a1.max(lo).intoArray(out, o + outStride + c);
        a2.max(lo).intoArray(out, o + 2 * outStride + c);
        a3.max(lo).intoArray(out, o + 3 * outStride + c);
        a4.max(lo).intoArray(out, o + 4 * outStride + c);
        a5.max(lo).intoArray(out, o + 5 * outStride + c);
        e0.max(lo).intoArray(out, o + c2);
        e1.max(lo).intoArray(out, o + outStride + c2);
        e2.max(lo).intoArray(out, o + 2 * outStride + c2);
        e3.max(lo).intoArray(out, o + 3 * outStride + c2);
        e4.max(lo).intoArray(out, o + 4 * outStride + c2);
        e5.max(lo).intoArray(out, o + 5 * outStride + c2);
    }

    /** One output pixel, kernel columns clipped to the image: the border and leftover path. */
    private static void pixel(Packed p, int c, VectorMask<Float> mask, float lo, float[] in, int rowBase,
                              int inW, int inStride, int strideW, int padLeft, int yBegin, int yEnd, int ow,
                              float[] out, int o) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int iw0 = ow * strideW - padLeft;
        int xBegin = Math.max(0, -iw0), xEnd = Math.min(kw, inW - iw0);
        FloatVector acc = FloatVector.fromArray(S, wt, p.kernelH * kw * cin * padded + c);
        for (int y = yBegin; y < yEnd; y++) {
            for (int x = xBegin; x < xEnd; x++) {
                int ip = rowBase + (y * inW + iw0 + x) * inStride;
                int wp = (y * kw + x) * cin * padded + c;
                for (int k = 0; k < cin; k++)
                    acc = FloatVector.broadcast(S, in[ip + k]).fma(FloatVector.fromArray(S, wt, wp + k * padded), acc);
            }
        }
        acc = acc.max(lo);
        if (mask == null) acc.intoArray(out, o); else acc.intoArray(out, o, mask);
    }

    /** Eight neighbouring interior output pixels; {@code ip0} is the input pixel under the first one's tap (0, 0). */
    private static void eightPixels(Packed p, int c, VectorMask<Float> mask, float lo, float[] in, int ip0,
                                    int[] tapOffset, int inStride, int strideW, int yBegin, int yEnd,
                                    float[] out, int o, int outStride) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int d = strideW * inStride;
        FloatVector bias = FloatVector.fromArray(S, wt, p.kernelH * kw * cin * padded + c);
        FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias;
        // The same flat loop over taps as sixPixelsTwoBlocks.
        int tEnd = yEnd * kw * cin;
        for (int t = yBegin * kw * cin, wp = t * padded + c; t < tEnd; t++, wp += padded) {
            FloatVector wv = FloatVector.fromArray(S, wt, wp);
            int i = ip0 + tapOffset[t];
            a0 = FloatVector.broadcast(S, in[i]).fma(wv, a0);
            a1 = FloatVector.broadcast(S, in[i + d]).fma(wv, a1);
            a2 = FloatVector.broadcast(S, in[i + 2 * d]).fma(wv, a2);
            a3 = FloatVector.broadcast(S, in[i + 3 * d]).fma(wv, a3);
            a4 = FloatVector.broadcast(S, in[i + 4 * d]).fma(wv, a4);
            a5 = FloatVector.broadcast(S, in[i + 5 * d]).fma(wv, a5);
            a6 = FloatVector.broadcast(S, in[i + 6 * d]).fma(wv, a6);
            a7 = FloatVector.broadcast(S, in[i + 7 * d]).fma(wv, a7);
        }
        FloatVector bound = FloatVector.broadcast(S, lo);
        store(a0.max(bound), out, o, mask);
        store(a1.max(bound), out, o + outStride, mask);
        store(a2.max(bound), out, o + 2 * outStride, mask);
        store(a3.max(bound), out, o + 3 * outStride, mask);
        store(a4.max(bound), out, o + 4 * outStride, mask);
        store(a5.max(bound), out, o + 5 * outStride, mask);
        store(a6.max(bound), out, o + 6 * outStride, mask);
        store(a7.max(bound), out, o + 7 * outStride, mask);
    }

    // The minmax variant's copies of row and its tiles: the same code with the upper bound applied without a
    // branch. Separate methods, not a branch in the ReLU ones: a branch between two vectors made C2 box them
    // (737 KB per MobileNet v2 stem call at 64 x 64, CompiledModelAllocationTest), and the ReLU path stays as it was.
    // The clamp is written out at each store (max(lo).min(hi), Math.min's NaN rule = the scalar twin's) and not
    // called through a helper: sixPixelsTwoBlocksMinmax reaches C2's NodeCountInliningCutoff before its last
    // stores, the helper was then not inlined and each of its vectors boxed (200 bytes per output pixel at 32
    // channels on AVX2, PrintInlining); the Vector API's own methods are force-inlined past that cutoff.
    private static void rowMinmax(Packed p, int c, int c2, VectorMask<Float> mask, float lo, float hi, float[] in, int rowBase,
                            int[] tapOffset, int inW, int inStride, int strideW, int padLeft, int yBegin, int yEnd,
                            int interiorBegin, int interiorEnd, int outW, float[] out, int outRow, int outStride) {
        int ow = 0;
        for (; ow < interiorBegin; ow++) {
            pixelMinmax(p, c, mask, lo, hi, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c);
            if (c2 >= 0) pixelMinmax(p, c2, null, lo, hi, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c2);
        }
        if (c2 >= 0) {
            for (; ow + PAIR_PIXELS <= interiorEnd; ow += PAIR_PIXELS)
                sixPixelsTwoBlocksMinmax(p, c, c2, lo, hi, in, rowBase + (ow * strideW - padLeft) * inStride, tapOffset,
                        inStride, strideW, yBegin, yEnd, out, outRow + ow * outStride, outStride);
        } else {
            for (; ow + PIXELS <= interiorEnd; ow += PIXELS)
                eightPixelsMinmax(p, c, mask, lo, hi, in, rowBase + (ow * strideW - padLeft) * inStride, tapOffset, inStride,
                        strideW, yBegin, yEnd, out, outRow + ow * outStride + c, outStride);
        }
        for (; ow < outW; ow++) {
            pixelMinmax(p, c, mask, lo, hi, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c);
            if (c2 >= 0) pixelMinmax(p, c2, null, lo, hi, in, rowBase, inW, inStride, strideW, padLeft, yBegin, yEnd, ow, out,
                    outRow + ow * outStride + c2);
        }
    }

    /**
     * Six neighbouring interior output pixels for channel blocks c and c2: twelve accumulators, each
     * broadcast input value used twice. {@code ip0} is the input pixel under the first one's tap (0, 0).
     */
    private static void sixPixelsTwoBlocksMinmax(Packed p, int c, int c2, float lo, float hi, float[] in, int ip0, int[] tapOffset,
                                           int inStride, int strideW, int yBegin, int yEnd, float[] out, int o,
                                           int outStride) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int d = strideW * inStride;
        int biasAt = p.kernelH * kw * cin * padded;
        FloatVector b0 = FloatVector.fromArray(S, wt, biasAt + c), b1 = FloatVector.fromArray(S, wt, biasAt + c2);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0, a4 = b0, a5 = b0;
        FloatVector e0 = b1, e1 = b1, e2 = b1, e3 = b1, e4 = b1, e5 = b1;
        // One flat loop over the taps' (y, x, k) of rows [yBegin, yEnd), which are consecutive weight rows;
        // tapOffset[t] is the input offset of tap t from the pixel under tap (0, 0).
        int tEnd = yEnd * kw * cin;
        for (int t = yBegin * kw * cin, wp = t * padded; t < tEnd; t++, wp += padded) {
            FloatVector w0 = FloatVector.fromArray(S, wt, wp + c);
            FloatVector w1 = FloatVector.fromArray(S, wt, wp + c2);
            int i = ip0 + tapOffset[t];
            FloatVector x0 = FloatVector.broadcast(S, in[i]);
            a0 = x0.fma(w0, a0); e0 = x0.fma(w1, e0);
            FloatVector x1 = FloatVector.broadcast(S, in[i + d]);
            a1 = x1.fma(w0, a1); e1 = x1.fma(w1, e1);
            FloatVector x2 = FloatVector.broadcast(S, in[i + 2 * d]);
            a2 = x2.fma(w0, a2); e2 = x2.fma(w1, e2);
            FloatVector x3 = FloatVector.broadcast(S, in[i + 3 * d]);
            a3 = x3.fma(w0, a3); e3 = x3.fma(w1, e3);
            FloatVector x4 = FloatVector.broadcast(S, in[i + 4 * d]);
            a4 = x4.fma(w0, a4); e4 = x4.fma(w1, e4);
            FloatVector x5 = FloatVector.broadcast(S, in[i + 5 * d]);
            a5 = x5.fma(w0, a5); e5 = x5.fma(w1, e5);
        }
        // c's block first, then c2's: when they overlap, c2's values (the same numbers) land last.
        a0.max(lo).min(hi).intoArray(out, o + c);
        a1.max(lo).min(hi).intoArray(out, o + outStride + c);
        a2.max(lo).min(hi).intoArray(out, o + 2 * outStride + c);
        a3.max(lo).min(hi).intoArray(out, o + 3 * outStride + c);
        a4.max(lo).min(hi).intoArray(out, o + 4 * outStride + c);
        a5.max(lo).min(hi).intoArray(out, o + 5 * outStride + c);
        e0.max(lo).min(hi).intoArray(out, o + c2);
        e1.max(lo).min(hi).intoArray(out, o + outStride + c2);
        e2.max(lo).min(hi).intoArray(out, o + 2 * outStride + c2);
        e3.max(lo).min(hi).intoArray(out, o + 3 * outStride + c2);
        e4.max(lo).min(hi).intoArray(out, o + 4 * outStride + c2);
        e5.max(lo).min(hi).intoArray(out, o + 5 * outStride + c2);
    }

    /** One output pixel, kernel columns clipped to the image: the border and leftover path. */
    private static void pixelMinmax(Packed p, int c, VectorMask<Float> mask, float lo, float hi, float[] in, int rowBase,
                              int inW, int inStride, int strideW, int padLeft, int yBegin, int yEnd, int ow,
                              float[] out, int o) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int iw0 = ow * strideW - padLeft;
        int xBegin = Math.max(0, -iw0), xEnd = Math.min(kw, inW - iw0);
        FloatVector acc = FloatVector.fromArray(S, wt, p.kernelH * kw * cin * padded + c);
        for (int y = yBegin; y < yEnd; y++) {
            for (int x = xBegin; x < xEnd; x++) {
                int ip = rowBase + (y * inW + iw0 + x) * inStride;
                int wp = (y * kw + x) * cin * padded + c;
                for (int k = 0; k < cin; k++)
                    acc = FloatVector.broadcast(S, in[ip + k]).fma(FloatVector.fromArray(S, wt, wp + k * padded), acc);
            }
        }
        acc = acc.max(lo).min(hi);
        if (mask == null) acc.intoArray(out, o); else acc.intoArray(out, o, mask);
    }

    /** Eight neighbouring interior output pixels; {@code ip0} is the input pixel under the first one's tap (0, 0). */
    private static void eightPixelsMinmax(Packed p, int c, VectorMask<Float> mask, float lo, float hi, float[] in, int ip0,
                                    int[] tapOffset, int inStride, int strideW, int yBegin, int yEnd,
                                    float[] out, int o, int outStride) {
        int kw = p.kernelW, cin = p.inChannels, padded = p.padded;
        float[] wt = p.data;
        int d = strideW * inStride;
        FloatVector bias = FloatVector.fromArray(S, wt, p.kernelH * kw * cin * padded + c);
        FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias, a4 = bias, a5 = bias, a6 = bias, a7 = bias;
        // The same flat loop over taps as sixPixelsTwoBlocks.
        int tEnd = yEnd * kw * cin;
        for (int t = yBegin * kw * cin, wp = t * padded + c; t < tEnd; t++, wp += padded) {
            FloatVector wv = FloatVector.fromArray(S, wt, wp);
            int i = ip0 + tapOffset[t];
            a0 = FloatVector.broadcast(S, in[i]).fma(wv, a0);
            a1 = FloatVector.broadcast(S, in[i + d]).fma(wv, a1);
            a2 = FloatVector.broadcast(S, in[i + 2 * d]).fma(wv, a2);
            a3 = FloatVector.broadcast(S, in[i + 3 * d]).fma(wv, a3);
            a4 = FloatVector.broadcast(S, in[i + 4 * d]).fma(wv, a4);
            a5 = FloatVector.broadcast(S, in[i + 5 * d]).fma(wv, a5);
            a6 = FloatVector.broadcast(S, in[i + 6 * d]).fma(wv, a6);
            a7 = FloatVector.broadcast(S, in[i + 7 * d]).fma(wv, a7);
        }
        store(a0.max(lo).min(hi), out, o, mask);
        store(a1.max(lo).min(hi), out, o + outStride, mask);
        store(a2.max(lo).min(hi), out, o + 2 * outStride, mask);
        store(a3.max(lo).min(hi), out, o + 3 * outStride, mask);
        store(a4.max(lo).min(hi), out, o + 4 * outStride, mask);
        store(a5.max(lo).min(hi), out, o + 5 * outStride, mask);
        store(a6.max(lo).min(hi), out, o + 6 * outStride, mask);
        store(a7.max(lo).min(hi), out, o + 7 * outStride, mask);
    }

    private static void store(FloatVector v, float[] a, int i, VectorMask<Float> m) {
        if (m == null) v.intoArray(a, i); else v.intoArray(a, i, m);
    }
}
