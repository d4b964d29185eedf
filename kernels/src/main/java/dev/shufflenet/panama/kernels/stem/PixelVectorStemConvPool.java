package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused stem ({@link StemConvPoolKernel}) vectorised along output pixels: each vector holds one channel of
 * {@code L} conv pixels of one parity (the even conv columns 2j, or the odd ones 2j + 1, j = pool column), and
 * a tile is 6 output channels x 4 such vectors (24 accumulators, 4 input vectors and a weight broadcast: 29 of
 * AVX-512's 32 registers). Per tap, 4 loads and 6 broadcasts feed 24 FMAs, and no lane is wasted on channel
 * padding: 24 channels are 4 blocks of 6, where {@link VectorStemConvPool} (vectors of channels) computes 32
 * lanes for them at 16 lanes and broadcasts every input value.
 *
 * <p>Why parities: a 3x3 stride-2 conv at even column 2j reads input columns 4j - 1, 4j, 4j + 1, and at odd
 * column 2j + 1 reads 4j + 1, 4j + 2, 4j + 3. Each input row is split once into its four phases (column
 * 4j + r, r = 0..3; phase 3 stored one place later, so that column 4j - 1 is at j), and every tap is then a
 * plain load at pool column j. The max pool's window for pool column j is then even value j and odd values
 * j - 1 and j: the odd vectors and the same shifted one lane (a two-vector select in registers).
 *
 * <p>Per conv row: the three input rows it reads are split into a ring of three rows (each input row once,
 * columns past the image zero: the conv's padding, split with two-vector selects); per block of 6 channels
 * and chunk of 4 pixel vectors, the even tile and the odd tile store their results, and {@link #pool} maxes
 * each column window into the one or two pool rows of the conv row (channel-major, opened at 0 under ReLU,
 * since max with 0 is the ReLU, else at -infinity); a finished pool row goes out as NHWC through 8 x 8
 * register transposes. Odd columns past the conv's last are -infinity before they are pooled, so padding
 * never wins a window. Rows past the image are zero rows of the ring: their taps multiply zeros, as the
 * reference's padding does.
 *
 * <p>Why not fold the tiles' results straight into the pool rows: the odd values' second fold, one float
 * to the right, read a vector that the fold before it had just stored in part; the failed store forwarding
 * made the pooling cost more than the conv (41% of the kernel's samples, against 25% for the tiles).
 *
 * <p>Scratch: the ring, two pool rows and two tiles' results, about 30 KB at 224 x 224 and 24 channels, per
 * thread (the stem's interface has no workspace), allocated on a thread's first call or when a larger input
 * needs more, never in a steady state.
 *
 * <p>JIT: no vectors pass between methods, and none merge from two branches (the split's row end is masked
 * loads throughout, its 8 x 8 selects are loaded in the method): either left C2's code boxing vectors in some
 * JVM runs (4 MB and 0.9 MB per 224 x 224 call, three times slower).
 *
 * <p>Every output is the same operations in the same order for any row band: a band recomputes the conv row
 * it shares with the band above, and max is exact, so the order of folds does not change a bit.
 */
public final class PixelVectorStemConvPool implements StemConvPoolKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** Channels per tile. */
    private static final int CHANNELS = 6;
    /** Pixel vectors per tile. */
    private static final int VECTORS = 4;
    /**
     * Phase split of 4 input vectors: SPLIT[r] gathers columns 4i + r of two consecutive vectors into lanes
     * i < L / 2; JOIN puts the low halves of two such vectors side by side.
     */
    private static final float[][] SPLIT = new float[4][L];
    private static final float[] JOIN = new float[L];
    /** Lane i of the current vector's left neighbour: the previous vector's last lane, then lanes 0 .. L - 2. */
    private static final float[] RIGHT = new float[L];

    static {
        for (int r = 0; r < 4; r++)
            for (int i = 0; i < L; i++) SPLIT[r][i] = i < L / 2 ? 4 * i + r : 0;
        for (int i = 0; i < L; i++) JOIN[i] = i < L / 2 ? i : L + i - L / 2;
        for (int i = 0; i < L; i++) RIGHT[i] = i == 0 ? L - 1 : L + i - 1;
    }

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector64";
        case 128 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector128";
        case 256 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector256";
        case 512 -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-vector512";
        default -> "f32-stem-conv3x3s2-relu-maxpool3x3s2-6cx4p-" + VectorConfig.setName();
    };

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * data[t * blocked + m]: the weight of tap t = (y * inChannels + k) * 3 + x to output channel m; bias at
     * 9 * inChannels * blocked + m. blocked = outChannels rounded up to a multiple of 6, the extra channels
     * copies of the last one (computed, never written).
     */
    private record Packed(int outChannels, int inChannels, int blocked, float[] data) implements PackedWeights {}

    /** A thread's buffers, grown to the largest input it has seen. */
    private static final class Scratch {
        float[] floats = new float[0];
        int[] taps = new int[0];
        final int[] ringRow = new int[3];
        /** Per channel of a block, the odd conv value left of the chunk (pool column j0's first). */
        final float[] carry = new float[CHANNELS];
    }

    @Override
    public String name() { return name; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        StemConvPoolArgs.checkPack(name, weight, bias, outChannels, inChannels);
        int blocked = (outChannels + CHANNELS - 1) / CHANNELS * CHANNELS;
        int taps = 9 * inChannels;
        float[] data = new float[(taps + 1) * blocked];
        for (int mb = 0; mb < blocked; mb++) {
            int m = Math.min(mb, outChannels - 1);
            for (int y = 0; y < 3; y++)
                for (int k = 0; k < inChannels; k++)
                    for (int x = 0; x < 3; x++)
                        data[((y * inChannels + k) * 3 + x) * blocked + mb] = weight[((m * inChannels + k) * 3 + y) * 3 + x];
            if (bias != null) data[taps * blocked + mb] = bias[m];
        }
        return new Packed(outChannels, inChannels, blocked, data);
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, float[] in, int inOff, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        Packed p = Checks.packedBy(name, Packed.class, w);
        StemConvPoolArgs.checkRun(name, p, inH, inW, in, inOff, out, outOff, outStride, rowBegin, rowEnd);
        int cin = p.inChannels, cout = p.outChannels, blocked = p.blocked;
        int convH = StemConvPoolKernel.convSize(inH), convW = StemConvPoolKernel.convSize(inW);
        int outH = StemConvPoolKernel.outSize(inH), outW = StemConvPoolKernel.outSize(inW);
        int odd = convW / 2; // odd conv columns 2j + 1 < convW; even ones: outW
        int chunks = (outW + VECTORS * L - 1) / (VECTORS * L);
        // Plane: one phase of one input row and channel, or one channel of a pool row; L more for the one-place shift.
        int plane = chunks * VECTORS * L + L;
        int ringRowFloats = cin * 4 * plane, poolRowFloats = blocked * plane;
        int taps = 9 * cin;
        Scratch s = scratch.get();
        int need = 3 * ringRowFloats + 2 * poolRowFloats + 2 * CHANNELS * VECTORS * L;
        if (s.floats.length < need) s.floats = new float[need];
        if (s.taps.length < 2 * taps) s.taps = new int[2 * taps];
        float[] buf = s.floats;
        int[] tapOff = s.taps;
        int poolBase = 3 * ringRowFloats, evenBase = poolBase + 2 * poolRowFloats;
        int oddBase = evenBase + CHANNELS * VECTORS * L;
        float lo = relu ? 0f : Float.NEGATIVE_INFINITY;
        int plane2d = inH * inW;
        for (int r = rowBegin; r < rowEnd; ) {
            int n = r / outH, ph0 = r - n * outH;
            int phEnd = Math.min(outH, ph0 + (rowEnd - r));
            int image = inOff + n * cin * plane2d;
            int outImage = outOff + n * outH * outW * outStride;
            s.ringRow[0] = s.ringRow[1] = s.ringRow[2] = Integer.MIN_VALUE;
            for (int cr = Math.max(0, 2 * ph0 - 1), crEnd = Math.min(convH, 2 * phEnd); cr < crEnd; cr++) {
                for (int y = 0; y < 3; y++) {
                    int iy = 2 * cr - 1 + y, slot = Math.floorMod(iy, 3);
                    if (s.ringRow[slot] != iy) {
                        split(in, image, iy, inH, inW, cin, buf, slot * ringRowFloats, plane);
                        s.ringRow[slot] = iy;
                    }
                    for (int k = 0; k < cin; k++)
                        for (int x = 0; x < 3; x++) {
                            int t = (y * cin + k) * 3 + x, at = slot * ringRowFloats + k * 4 * plane;
                            // Even column 2j reads phases 3 (shifted: column 4j - 1), 0, 1; odd 2j + 1 reads 1, 2, 3.
                            tapOff[t] = at + (x == 0 ? 3 * plane : (x - 1) * plane);
                            tapOff[taps + t] = at + (x == 2 ? 3 * plane + 1 : (x + 1) * plane);
                        }
                }
                int pa = cr / 2;
                int aSlot = pa >= ph0 ? poolBase + (pa & 1) * poolRowFloats : -1;
                int bSlot = (cr & 1) == 1 && pa + 1 < phEnd ? poolBase + ((pa + 1) & 1) * poolRowFloats : -1;
                if (cr == 0) java.util.Arrays.fill(buf, aSlot, aSlot + poolRowFloats, lo);
                if (bSlot >= 0) java.util.Arrays.fill(buf, bSlot, bSlot + poolRowFloats, lo);
                for (int cb = 0; cb < blocked; cb += CHANNELS) {
                    for (int i = 0; i < CHANNELS; i++) s.carry[i] = Float.NEGATIVE_INFINITY; // column -1
                    for (int chunk = 0, j0 = 0; chunk < chunks; chunk++, j0 += VECTORS * L) {
                        tile(p.data, cb, blocked, taps, buf, tapOff, 0, j0, evenBase);
                        if (odd > 0) tile(p.data, cb, blocked, taps, buf, tapOff, taps, j0, oddBase);
                        pool(buf, evenBase, oddBase, odd, s.carry, cb, plane, j0, aSlot, bSlot);
                    }
                }
                if (aSlot >= 0 && ((cr & 1) == 1 || cr == convH - 1))
                    write(buf, aSlot, plane, cout, outW, out, outImage + pa * outW * outStride, outStride);
            }
            r += phEnd - ph0;
        }
    }

    /**
     * Input row iy of every channel into its four phases at {@code at}: phase q of channel k at
     * {@code at + (4k + q) * plane}, column 4j + q at j (phase 3 at j + 1, with 0 at 0 for column -1); columns
     * past the row, and every column of a row outside the image, are 0.
     */
    private static void split(float[] in, int image, int iy, int inH, int inW, int cin, float[] buf, int at,
                              int plane) {
        if (iy < 0 || iy >= inH) {
            java.util.Arrays.fill(buf, at, at + cin * 4 * plane, 0f);
            return;
        }
        FloatVector join = FloatVector.fromArray(S, JOIN, 0);
        FloatVector s0 = FloatVector.fromArray(S, SPLIT[0], 0), s1 = FloatVector.fromArray(S, SPLIT[1], 0);
        FloatVector s2 = FloatVector.fromArray(S, SPLIT[2], 0), s3 = FloatVector.fromArray(S, SPLIT[3], 0);
        int columns = plane - L; // 4 * columns input columns cover the row
        for (int k = 0; k < cin; k++) {
            int src = image + (k * inH + iy) * inW, dst = at + 4 * k * plane;
            buf[dst + 3 * plane] = 0f; // column -1
            for (int j = 0; j < columns; j += L) {
                int x = 4 * j; // input columns x .. x + 4L - 1
                // Masked loads (zeros past the row), not a branch between masked and plain ones: C2 sometimes left
                // vectors merged from two paths boxed, about 4 MB a 224 x 224 call.
                FloatVector a = FloatVector.fromArray(S, in, src + x, S.indexInRange(x, inW));
                FloatVector b = FloatVector.fromArray(S, in, src + x + L, S.indexInRange(x + L, inW));
                FloatVector c = FloatVector.fromArray(S, in, src + x + 2 * L, S.indexInRange(x + 2 * L, inW));
                FloatVector d = FloatVector.fromArray(S, in, src + x + 3 * L, S.indexInRange(x + 3 * L, inW));
                join.selectFrom(s0.selectFrom(a, b), s0.selectFrom(c, d)).intoArray(buf, dst + j);
                join.selectFrom(s1.selectFrom(a, b), s1.selectFrom(c, d)).intoArray(buf, dst + plane + j);
                join.selectFrom(s2.selectFrom(a, b), s2.selectFrom(c, d)).intoArray(buf, dst + 2 * plane + j);
                join.selectFrom(s3.selectFrom(a, b), s3.selectFrom(c, d)).intoArray(buf, dst + 3 * plane + 1 + j);
            }
        }
    }

    /**
     * Channels cb .. cb + 5 at pool columns j0 .. j0 + 4L - 1 of one parity (taps from {@code tapOff[first ..
     * first + taps)}), from the bias, into {@code buf[tile ..]}: vector v of channel i at (4i + v) * L.
     */
    private static void tile(float[] wt, int cb, int blocked, int taps, float[] buf, int[] tapOff, int first, int j0,
                             int tile) {
        int biasAt = taps * blocked + cb;
        FloatVector a0 = FloatVector.broadcast(S, wt[biasAt]), b0 = FloatVector.broadcast(S, wt[biasAt + 1]);
        FloatVector c0 = FloatVector.broadcast(S, wt[biasAt + 2]), d0 = FloatVector.broadcast(S, wt[biasAt + 3]);
        FloatVector e0 = FloatVector.broadcast(S, wt[biasAt + 4]), f0 = FloatVector.broadcast(S, wt[biasAt + 5]);
        FloatVector a1 = a0, a2 = a0, a3 = a0, b1 = b0, b2 = b0, b3 = b0, c1 = c0, c2 = c0, c3 = c0;
        FloatVector d1 = d0, d2 = d0, d3 = d0, e1 = e0, e2 = e0, e3 = e0, f1 = f0, f2 = f0, f3 = f0;
        for (int t = 0, wp = cb; t < taps; t++, wp += blocked) {
            int i = tapOff[first + t] + j0;
            FloatVector x0 = FloatVector.fromArray(S, buf, i);
            FloatVector x1 = FloatVector.fromArray(S, buf, i + L);
            FloatVector x2 = FloatVector.fromArray(S, buf, i + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, buf, i + 3 * L);
            FloatVector w = FloatVector.broadcast(S, wt[wp]);
            a0 = x0.fma(w, a0); a1 = x1.fma(w, a1); a2 = x2.fma(w, a2); a3 = x3.fma(w, a3);
            w = FloatVector.broadcast(S, wt[wp + 1]);
            b0 = x0.fma(w, b0); b1 = x1.fma(w, b1); b2 = x2.fma(w, b2); b3 = x3.fma(w, b3);
            w = FloatVector.broadcast(S, wt[wp + 2]);
            c0 = x0.fma(w, c0); c1 = x1.fma(w, c1); c2 = x2.fma(w, c2); c3 = x3.fma(w, c3);
            w = FloatVector.broadcast(S, wt[wp + 3]);
            d0 = x0.fma(w, d0); d1 = x1.fma(w, d1); d2 = x2.fma(w, d2); d3 = x3.fma(w, d3);
            w = FloatVector.broadcast(S, wt[wp + 4]);
            e0 = x0.fma(w, e0); e1 = x1.fma(w, e1); e2 = x2.fma(w, e2); e3 = x3.fma(w, e3);
            w = FloatVector.broadcast(S, wt[wp + 5]);
            f0 = x0.fma(w, f0); f1 = x1.fma(w, f1); f2 = x2.fma(w, f2); f3 = x3.fma(w, f3);
        }
        a0.intoArray(buf, tile); a1.intoArray(buf, tile + L); a2.intoArray(buf, tile + 2 * L); a3.intoArray(buf, tile + 3 * L);
        b0.intoArray(buf, tile + 4 * L); b1.intoArray(buf, tile + 5 * L); b2.intoArray(buf, tile + 6 * L); b3.intoArray(buf, tile + 7 * L);
        c0.intoArray(buf, tile + 8 * L); c1.intoArray(buf, tile + 9 * L); c2.intoArray(buf, tile + 10 * L); c3.intoArray(buf, tile + 11 * L);
        d0.intoArray(buf, tile + 12 * L); d1.intoArray(buf, tile + 13 * L); d2.intoArray(buf, tile + 14 * L); d3.intoArray(buf, tile + 15 * L);
        e0.intoArray(buf, tile + 16 * L); e1.intoArray(buf, tile + 17 * L); e2.intoArray(buf, tile + 18 * L); e3.intoArray(buf, tile + 19 * L);
        f0.intoArray(buf, tile + 20 * L); f1.intoArray(buf, tile + 21 * L); f2.intoArray(buf, tile + 22 * L); f3.intoArray(buf, tile + 23 * L);
    }

    /**
     * The pool window across columns for a block's chunk, maxed into pool rows {@code aSlot} and {@code bSlot}
     * (-1: none): pool column j is the max of even value j and odd values j - 1 and j. The odd values one place
     * to the right are a two-vector select of the previous and the current vector (all in registers, so no
     * load reads a store it partly overlaps), the first one's left neighbour the chunk's {@code carry}; odd
     * values past the last odd column ({@code odd}) are -infinity, so they never win.
     */
    private static void pool(float[] buf, int even, int oddAt, int odd, float[] carry, int cb, int plane, int j0,
                             int aSlot, int bSlot) {
        FloatVector none = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector right = FloatVector.fromArray(S, RIGHT, 0);
        for (int i = 0; i < CHANNELS; i++) {
            FloatVector previous = FloatVector.broadcast(S, carry[i]);
            int at = (cb + i) * plane + j0;
            for (int v = 0; v < VECTORS; v++, at += L) {
                int t = (VECTORS * i + v) * L;
                FloatVector o = FloatVector.fromArray(S, buf, oddAt + t);
                if (j0 + (v + 1) * L > odd) o = o.blend(none, S.indexInRange(j0 + v * L, odd).not());
                FloatVector h = FloatVector.fromArray(S, buf, even + t).max(o).max(right.selectFrom(previous, o));
                previous = o;
                if (aSlot >= 0) h.max(FloatVector.fromArray(S, buf, aSlot + at)).intoArray(buf, aSlot + at);
                if (bSlot >= 0) h.max(FloatVector.fromArray(S, buf, bSlot + at)).intoArray(buf, bSlot + at);
            }
            carry[i] = previous.lane(L - 1);
        }
    }

    /**
     * A finished pool row (channel-major at {@code slot}) out as NHWC: channel m of column j at
     * {@code o + j * stride + m}. Blocks of 8 channels x 8 columns are transposed in registers, three rounds of
     * two-vector selects (24 per block, where a gather per vector of channels cost about 26 cycles); the
     * channels and columns past the last whole block go one at a time.
     */
    private static void write(float[] buf, int slot, int plane, int cout, int outW, float[] out, int o, int stride) {
        int channels8 = TRANSPOSE ? cout & ~7 : 0, columns8 = TRANSPOSE ? outW & ~7 : 0;
        for (int m = 0; m < channels8; m += 8)
            for (int j = 0; j < columns8; j += 8) transpose8x8(buf, slot + m * plane + j, plane, out, o + j * stride + m, stride);
        for (int j = 0; j < outW; j++)
            for (int m = j < columns8 ? channels8 : 0, i = slot + m * plane + j; m < cout; m++, i += plane)
                out[o + j * stride + m] = buf[i];
    }

    /** Whether 8-lane vectors are native here (not on 128-bit NEON, where the block transpose would run in Java). */
    private static final boolean TRANSPOSE = FloatVector.SPECIES_PREFERRED.length() >= 8;
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    /** The three rounds' selects, low and high: {LO1, HI1, LO2, HI2, LO3, HI3}, 8 lanes each. */
    private static final float[] ROUNDS = {
            0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15,
            0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15,
            0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15};

    /** Rows r..r+7 (8 floats each, {@code rowStride} apart) to columns: column q of the block at o + q * colStride. */
    private static void transpose8x8(float[] a, int r, int rowStride, float[] out, int o, int colStride) {
        FloatVector a0 = FloatVector.fromArray(S8, a, r), a1 = FloatVector.fromArray(S8, a, r + rowStride);
        FloatVector a2 = FloatVector.fromArray(S8, a, r + 2 * rowStride), a3 = FloatVector.fromArray(S8, a, r + 3 * rowStride);
        FloatVector a4 = FloatVector.fromArray(S8, a, r + 4 * rowStride), a5 = FloatVector.fromArray(S8, a, r + 5 * rowStride);
        FloatVector a6 = FloatVector.fromArray(S8, a, r + 6 * rowStride), a7 = FloatVector.fromArray(S8, a, r + 7 * rowStride);
        // Pairs of rows interleaved, then pairs of pairs, then halves: [a0q a1q ... a7q] is column q. The selects
        // are loaded here, not held in static FloatVector fields, which C2 sometimes left boxed (860 KB a call).
        FloatVector LO1 = FloatVector.fromArray(S8, ROUNDS, 0), HI1 = FloatVector.fromArray(S8, ROUNDS, 8);
        FloatVector LO2 = FloatVector.fromArray(S8, ROUNDS, 16), HI2 = FloatVector.fromArray(S8, ROUNDS, 24);
        FloatVector LO3 = FloatVector.fromArray(S8, ROUNDS, 32), HI3 = FloatVector.fromArray(S8, ROUNDS, 40);
        FloatVector u0 = LO1.selectFrom(a0, a1), u1 = HI1.selectFrom(a0, a1), u2 = LO1.selectFrom(a2, a3), u3 = HI1.selectFrom(a2, a3);
        FloatVector u4 = LO1.selectFrom(a4, a5), u5 = HI1.selectFrom(a4, a5), u6 = LO1.selectFrom(a6, a7), u7 = HI1.selectFrom(a6, a7);
        FloatVector v0 = LO2.selectFrom(u0, u2), v2 = HI2.selectFrom(u0, u2), v1 = LO2.selectFrom(u1, u3), v3 = HI2.selectFrom(u1, u3);
        FloatVector v4 = LO2.selectFrom(u4, u6), v6 = HI2.selectFrom(u4, u6), v5 = LO2.selectFrom(u5, u7), v7 = HI2.selectFrom(u5, u7);
        LO3.selectFrom(v0, v4).intoArray(out, o);
        HI3.selectFrom(v0, v4).intoArray(out, o + colStride);
        LO3.selectFrom(v2, v6).intoArray(out, o + 2 * colStride);
        HI3.selectFrom(v2, v6).intoArray(out, o + 3 * colStride);
        LO3.selectFrom(v1, v5).intoArray(out, o + 4 * colStride);
        HI3.selectFrom(v1, v5).intoArray(out, o + 5 * colStride);
        LO3.selectFrom(v3, v7).intoArray(out, o + 6 * colStride);
        HI3.selectFrom(v3, v7).intoArray(out, o + 7 * colStride);
    }
}
