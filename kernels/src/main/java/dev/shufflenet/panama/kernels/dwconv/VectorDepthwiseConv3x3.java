package dev.shufflenet.panama.kernels.dwconv;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 (pad 1, stride 1 or 2) vectorised along channels, the NHWC counterpart of XNNPACK's
 * dwconv microkernels.
 *
 * <p>Loop order: channel block (one vector of channels) outermost, so the block's 9 tap weights, bias and
 * activation bound are loaded once and stay in registers; then output rows; then a sweep along the row
 * that keeps a sliding window of input columns (stride 1 loads one new column of 3 vectors per output
 * pixel and reuses the other two; stride 2 loads two and reuses one).
 *
 * <p>Borders without branches in the sweep: an input row above or below the image is read from a
 * zero array with a column step of 0, the column left of the image starts the window as zero vectors,
 * and the column right of it is a peeled last iteration.
 *
 * <p>Channel tail: when there are at least as many channels as lanes, the last block is shifted left to
 * end exactly at the last channel and overlaps its neighbour; the overlap is recomputed to the same
 * values, so no lane past the last channel is ever loaded or stored and no masked memory access is needed.
 * Fewer channels than lanes (no ShuffleNet layer has them) take a plain loop over the same packed weights
 * ({@link #fewChannels}), not a masked block: C2 on AVX2 does not intrinsify masked loads at 256 bits, and
 * once any caller had taken a masked branch, its profile made C2 box the vectors of every block, masked or
 * not (megabytes per v2-1.0 run in CompiledModelAllocationTest). Channels past {@code channels} in the
 * output view are never written.
 */
public final class VectorDepthwiseConv3x3 implements DepthwiseConv3x3Kernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** Stand-in for an input row outside the image: read with column step 0, so L floats suffice. */
    private static final float[] ZERO_ROW = new float[L];

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-dwconv3x3-s1s2-relu-vector64";
        case 128 -> "f32-dwconv3x3-s1s2-relu-vector128";
        case 256 -> "f32-dwconv3x3-s1s2-relu-vector256";
        case 512 -> "f32-dwconv3x3-s1s2-relu-vector512";
        default -> "f32-dwconv3x3-s1s2-relu-" + VectorConfig.setName();
    };

    /** The minmax variant's name (the same code clamping to [min, max]), one literal per vector width. */
    private final String minmaxName = switch (VectorConfig.BITS) {
        case 64 -> "f32-dwconv3x3-s1s2-minmax-vector64";
        case 128 -> "f32-dwconv3x3-s1s2-minmax-vector128";
        case 256 -> "f32-dwconv3x3-s1s2-minmax-vector256";
        case 512 -> "f32-dwconv3x3-s1s2-minmax-vector512";
        default -> "f32-dwconv3x3-s1s2-minmax-" + VectorConfig.setName();
    };

    /**
     * Layout: tap k's weights for all channels at [k * padded, k * padded + channels), bias at
     * [9 * padded, ...); padded = channels rounded up to the lane count, the pad zero, so a full vector
     * load at any channel block start stays inside the array.
     */
    private record Packed(int channels, int padded, float[] data) implements PackedWeights {}

    @Override
    public String name() { return name; }

    @Override
    public String minmaxName() { return minmaxName; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int channels) {
        DepthwiseArgs.checkPack(name, weight, bias, channels);
        int padded = (channels + L - 1) / L * L;
        float[] data = new float[10 * padded];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 9; k++) data[k * padded + c] = weight[c * 9 + k];
            if (bias != null) data[9 * padded + c] = bias[c];
        }
        return new Packed(channels, padded, data);
    }

    @Override
    public void run(PackedWeights w, int stride, int inH, int inW,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        run(w, stride, inH, inW, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** The minmax variant: the ReLU and plain runs are this with max = +infinity. */
    @Override
    public void run(PackedWeights w, int stride, int inH, int inW,
                    float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, float min, float max) {
        Checks.clampBounds(name, min, max);
        Packed p = Checks.packedBy(name, Packed.class, w);
        int channels = p.channels;
        DepthwiseArgs.checkRun(name, channels, stride, inH, inW, in, inOff, inStride, out, outOff, outStride,
                rowBegin, rowEnd);
        if (rowEnd == rowBegin) return;
        float lowerBound = min, upperBound = max;
        if (channels < L) {
            fewChannels(p, stride, inH, inW, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd,
                    lowerBound, upperBound);
            return;
        }
        int band = bandRows(stride, inW, inStride);
        for (int r = rowBegin; r < rowEnd; r += band) {
            int bandEnd = Math.min(rowEnd, r + band);
            for (int c = 0; c < channels; c += L) {
                int start = Math.min(c, channels - L);
                block(p, start, stride, inH, inW, in, inOff, inStride, out, outOff, outStride,
                        r, bandEnd, lowerBound, upperBound);
            }
        }
    }

    /**
     * Output rows per band: every channel block sweeps a band before the next band starts, so the band's input
     * rows (3 + stride x (band - 1) of them) are read from memory once and from L1/L2 by the other blocks. A
     * whole-call sweep per block read a 56 x 56 x 120 stride-2 input (1.5 MB, past a 1 MB L2) from L3 once per
     * block: v1-g3-2.0's stage 2 entry took 4x a stride-1 layer with as many outputs (docs/measurements.md).
     * A band is at least one row; the weights are reloaded per band and block (10 vectors per row of outputs).
     */
    static int bandRows(int stride, int inW, int inStride) {
        long inputRowBytes = 4L * inW * inStride;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BAND_INPUT_BYTES / (stride * inputRowBytes)));
    }

    /** Input bytes a band's new rows may take: a fraction of a 1 MB L2 (Zen 4/5, Neoverse N1) or 48 KB L1d. */
    private static final long BAND_INPUT_BYTES = 64 * 1024;

    private static void block(Packed p, int c, int stride, int inH, int inW,
                              float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                              int rowBegin, int rowEnd, float lowerBound,
                              float upperBound) {
        if (stride == 1) {
            blockStride1(p.data, p.padded, c, inH, inW, in, inOff, inStride, out, outOff, outStride,
                    rowBegin, rowEnd, lowerBound, upperBound);
        } else {
            blockStride2(p.data, p.padded, c, inH, inW, in, inOff, inStride, out, outOff, outStride,
                    rowBegin, rowEnd, lowerBound, upperBound);
        }
    }

    /**
     * Fewer channels than lanes: each output the same chain of fused multiply-adds as a vector lane computes
     * (bias, then the taps row by row, a tap outside the image contributing 0 x weight), then the lower bound.
     */
    private static void fewChannels(Packed p, int stride, int inH, int inW, float[] in, int inOff, int inStride,
                                    float[] out, int outOff, int outStride, int rowBegin, int rowEnd,
                                    float lowerBound, float upperBound) {
        int outH = DepthwiseConv3x3Kernel.outSize(inH, stride), outW = DepthwiseConv3x3Kernel.outSize(inW, stride);
        float[] wt = p.data;
        int padded = p.padded;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH, oh = r - n * outH;
            int image = inOff + n * inH * inW * inStride;
            for (int ow = 0; ow < outW; ow++) {
                int o = outOff + (r * outW + ow) * outStride;
                for (int c = 0; c < p.channels; c++) {
                    float acc = wt[9 * padded + c];
                    for (int ky = 0; ky < 3; ky++) {
                        int ih = oh * stride - 1 + ky;
                        for (int kx = 0; kx < 3; kx++) {
                            int iw = ow * stride - 1 + kx;
                            boolean inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
                            float x = inside ? in[image + (ih * inW + iw) * inStride + c] : 0f;
                            acc = Math.fma(x, wt[(3 * ky + kx) * padded + c], acc);
                        }
                    }
                    float y = Math.max(acc, lowerBound);
                    out[o + c] = y > upperBound ? upperBound : y;
                }
            }
        }
    }

    /** max(acc, lo), then, for the minmax variant, x &gt; hi ? hi : x (NaN stays NaN, as in the scalar twin). */
    private static FloatVector bounded(FloatVector acc, FloatVector lo, FloatVector hi, boolean clamp) {
        FloatVector y = acc.max(lo);
        return clamp ? y.blend(hi, hi.lt(y)) : y;
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    private static void store(FloatVector v, float[] a, int i) {
        v.intoArray(a, i);
    }

    private static void blockStride1(float[] wt, int padded, int c, int inH, int inW,
                                     float[] in, int inOff, int inStride, float[] out, int outOff,
                                     int outStride, int rowBegin, int rowEnd, float lowerBound,
                                     float upperBound) {
        FloatVector k00 = FloatVector.fromArray(S, wt, c);
        FloatVector k01 = FloatVector.fromArray(S, wt, padded + c);
        FloatVector k02 = FloatVector.fromArray(S, wt, 2 * padded + c);
        FloatVector k10 = FloatVector.fromArray(S, wt, 3 * padded + c);
        FloatVector k11 = FloatVector.fromArray(S, wt, 4 * padded + c);
        FloatVector k12 = FloatVector.fromArray(S, wt, 5 * padded + c);
        FloatVector k20 = FloatVector.fromArray(S, wt, 6 * padded + c);
        FloatVector k21 = FloatVector.fromArray(S, wt, 7 * padded + c);
        FloatVector k22 = FloatVector.fromArray(S, wt, 8 * padded + c);
        FloatVector bias = FloatVector.fromArray(S, wt, 9 * padded + c);
        FloatVector lo = FloatVector.broadcast(S, lowerBound), hi = FloatVector.broadcast(S, upperBound);
        // The minmax variant's upper bound: a branch per output vector on a value fixed for the call, which the
        // ReLU path never takes (perfectly predicted; PointwiseConvBenchmark/DepthwiseConvBenchmark compare).
        boolean clamp = upperBound < Float.POSITIVE_INFINITY;
        FloatVector zero = FloatVector.zero(S);
        int outH = inH, outW = inW;
        int rowFloats = inW * inStride;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int image = inOff + n * inH * rowFloats + c;
            // Rows above and below the image read ZERO_ROW with step 0.
            boolean top = oh > 0, bottom = oh + 1 < inH;
            float[] in0 = top ? in : ZERO_ROW, in2 = bottom ? in : ZERO_ROW;
            int p0 = top ? image + (oh - 1) * rowFloats : 0;
            int p1 = image + oh * rowFloats;
            int p2 = bottom ? image + (oh + 1) * rowFloats : 0;
            int s0 = top ? inStride : 0, s2 = bottom ? inStride : 0;
            int o = outOff + r * outW * outStride + c;
            // Window: a = column ow-1 (zero left of the image), b = column ow, x = column ow+1.
            FloatVector a0 = zero, a1 = zero, a2 = zero;
            FloatVector b0 = load(in0, p0), b1 = load(in, p1), b2 = load(in2, p2);
            for (int ow = 0; ow < outW - 1; ow++) {
                p0 += s0; p1 += inStride; p2 += s2;
                FloatVector x0 = load(in0, p0), x1 = load(in, p1), x2 = load(in2, p2);
                FloatVector acc = a0.fma(k00, bias);
                acc = b0.fma(k01, acc);
                acc = x0.fma(k02, acc);
                acc = a1.fma(k10, acc);
                acc = b1.fma(k11, acc);
                acc = x1.fma(k12, acc);
                acc = a2.fma(k20, acc);
                acc = b2.fma(k21, acc);
                acc = x2.fma(k22, acc);
                store(bounded(acc, lo, hi, clamp), out, o);
                o += outStride;
                a0 = b0; a1 = b1; a2 = b2;
                b0 = x0; b1 = x1; b2 = x2;
            }
            // Last column: the column right of it is padding.
            FloatVector acc = a0.fma(k00, bias);
            acc = b0.fma(k01, acc);
            acc = a1.fma(k10, acc);
            acc = b1.fma(k11, acc);
            acc = a2.fma(k20, acc);
            acc = b2.fma(k21, acc);
            store(bounded(acc, lo, hi, clamp), out, o);
        }
    }

    private static void blockStride2(float[] wt, int padded, int c, int inH, int inW,
                                     float[] in, int inOff, int inStride, float[] out, int outOff,
                                     int outStride, int rowBegin, int rowEnd, float lowerBound,
                                     float upperBound) {
        FloatVector k00 = FloatVector.fromArray(S, wt, c);
        FloatVector k01 = FloatVector.fromArray(S, wt, padded + c);
        FloatVector k02 = FloatVector.fromArray(S, wt, 2 * padded + c);
        FloatVector k10 = FloatVector.fromArray(S, wt, 3 * padded + c);
        FloatVector k11 = FloatVector.fromArray(S, wt, 4 * padded + c);
        FloatVector k12 = FloatVector.fromArray(S, wt, 5 * padded + c);
        FloatVector k20 = FloatVector.fromArray(S, wt, 6 * padded + c);
        FloatVector k21 = FloatVector.fromArray(S, wt, 7 * padded + c);
        FloatVector k22 = FloatVector.fromArray(S, wt, 8 * padded + c);
        FloatVector bias = FloatVector.fromArray(S, wt, 9 * padded + c);
        FloatVector lo = FloatVector.broadcast(S, lowerBound), hi = FloatVector.broadcast(S, upperBound);
        // The minmax variant's upper bound: a branch per output vector on a value fixed for the call, which the
        // ReLU path never takes (perfectly predicted; PointwiseConvBenchmark/DepthwiseConvBenchmark compare).
        boolean clamp = upperBound < Float.POSITIVE_INFINITY;
        FloatVector zero = FloatVector.zero(S);
        int outH = DepthwiseConv3x3Kernel.outSize(inH, 2), outW = DepthwiseConv3x3Kernel.outSize(inW, 2);
        // Output columns whose right input column 2*ow+1 is inside the image; at most one more follows.
        int fullColumns = inW / 2;
        int rowFloats = inW * inStride;
        int step = 2 * inStride;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int image = inOff + n * inH * rowFloats + c;
            int ih = 2 * oh - 1;
            boolean top = ih >= 0, bottom = ih + 2 < inH;
            float[] in0 = top ? in : ZERO_ROW, in2 = bottom ? in : ZERO_ROW;
            int p0 = top ? image + ih * rowFloats : 0;
            int p1 = image + (ih + 1) * rowFloats;
            int p2 = bottom ? image + (ih + 2) * rowFloats : 0;
            int s0 = top ? inStride : 0, s2 = bottom ? inStride : 0;
            int t0 = 2 * s0, t2 = 2 * s2;
            int o = outOff + r * outW * outStride + c;
            // Window: a = column 2*ow-1 (zero left of the image), b = column 2*ow, x = column 2*ow+1.
            FloatVector a0 = zero, a1 = zero, a2 = zero;
            for (int ow = 0; ow < fullColumns; ow++) {
                FloatVector b0 = load(in0, p0), b1 = load(in, p1), b2 = load(in2, p2);
                FloatVector x0 = load(in0, p0 + s0), x1 = load(in, p1 + inStride),
                        x2 = load(in2, p2 + s2);
                FloatVector acc = a0.fma(k00, bias);
                acc = b0.fma(k01, acc);
                acc = x0.fma(k02, acc);
                acc = a1.fma(k10, acc);
                acc = b1.fma(k11, acc);
                acc = x1.fma(k12, acc);
                acc = a2.fma(k20, acc);
                acc = b2.fma(k21, acc);
                acc = x2.fma(k22, acc);
                store(bounded(acc, lo, hi, clamp), out, o);
                o += outStride;
                p0 += t0; p1 += step; p2 += t2;
                a0 = x0; a1 = x1; a2 = x2;
            }
            if (fullColumns < outW) {
                // Odd width: the last output column's right input column is padding. Its left column is read
                // again rather than carried out of the loop: C2 kept vectors that live past the loop in boxes
                // (about 8 KB per call at 256 bits, CompiledModelAllocationTest).
                if (fullColumns > 0) {
                    a0 = load(in0, p0 - s0);
                    a1 = load(in, p1 - inStride);
                    a2 = load(in2, p2 - s2);
                }
                FloatVector b0 = load(in0, p0), b1 = load(in, p1), b2 = load(in2, p2);
                FloatVector acc = a0.fma(k00, bias);
                acc = b0.fma(k01, acc);
                acc = a1.fma(k10, acc);
                acc = b1.fma(k11, acc);
                acc = a2.fma(k20, acc);
                acc = b2.fma(k21, acc);
                store(bounded(acc, lo, hi, clamp), out, o);
            }
        }
    }
}
