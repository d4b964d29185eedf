package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Micro-kernels of {@link VectorGemv}: one column (one pixel, the FC layer at batch 1) by 4, 2 or 1
 * vectors of output channels, and two columns by 4, 2 or 1 vectors (two pixels of a batch sharing each
 * weight load).
 *
 * <p>Every output is one FMA chain in k order from zero, then {@code + bias}, then the floor (0 for relu,
 * -infinity for none: {@code x < floor} becomes floor, so NaN stays NaN and -0.0 stays -0.0). The one- and
 * two-column kernels do exactly that arithmetic, so an image's logits do not depend on whether it was
 * computed alone or beside another (the batch split among threads), and {@link ScalarGemv} (Math.fma in
 * the same order) gives the same bits.
 *
 * <p>Why no more than 4 vectors in one column: the column waits on its weights (memory or the last-level
 * cache), not on FMA latency, and 4 chains of 4-cycle FMAs consume 64 floats per 4 cycles, more than either
 * delivers; an 8-vector tile streamed from memory more slowly ({@link VectorGemv}'s class comment).
 *
 * <p>Arguments: {@code w}: the packed array ({@link ChannelBlockedWeights}); {@code biasOff}: the first
 * bias float of these vectors; {@code rowsOff}: their floats in weight row 0; {@code rowStride}: floats
 * from one weight row to the next (the group's width); {@code k}: input channels; {@code a}, {@code a0},
 * {@code a1}: the input pixels' first channel; {@code o}, {@code o0}, {@code o1}: their first output
 * channel; {@code lastLanes}: real channels in the last vector, whose store is masked to them.
 *
 * <p>JIT notes: as in {@link PointwiseTiles2xN}, each method keeps its vectors in one scope (a FloatVector
 * passed to a method that is not inlined is boxed), and one call computes one tile. The bodies differ only
 * in their vector count: edit all alike.
 */
final class GemvTiles {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private GemvTiles() {}

    /** One column x 4 vectors of output channels. */
    static void col1x4(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a,
                        float[] out, int o, int lastLanes, float floor) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector x = FloatVector.broadcast(S, in[a + kk]);
            c0 = FloatVector.fromArray(S, w, wk).fma(x, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, w, wk + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, w, wk + 3 * L).fma(x, c3);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        c0 = c0.add(FloatVector.fromArray(S, w, biasOff));
        c0.blend(lo, c0.lt(lo)).intoArray(out, o);
        c1 = c1.add(FloatVector.fromArray(S, w, biasOff + L));
        c1.blend(lo, c1.lt(lo)).intoArray(out, o + L);
        c2 = c2.add(FloatVector.fromArray(S, w, biasOff + 2 * L));
        c2.blend(lo, c2.lt(lo)).intoArray(out, o + 2 * L);
        c3 = c3.add(FloatVector.fromArray(S, w, biasOff + 3 * L));
        c3.blend(lo, c3.lt(lo)).intoArray(out, o + 3 * L, S.indexInRange(0, lastLanes));
    }

    /** One column x 2 vectors of output channels. */
    static void col1x2(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a,
                        float[] out, int o, int lastLanes, float floor) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector x = FloatVector.broadcast(S, in[a + kk]);
            c0 = FloatVector.fromArray(S, w, wk).fma(x, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(x, c1);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        c0 = c0.add(FloatVector.fromArray(S, w, biasOff));
        c0.blend(lo, c0.lt(lo)).intoArray(out, o);
        c1 = c1.add(FloatVector.fromArray(S, w, biasOff + L));
        c1.blend(lo, c1.lt(lo)).intoArray(out, o + L, S.indexInRange(0, lastLanes));
    }

    /** One column x 1 vector of output channels. */
    static void col1x1(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a,
                        float[] out, int o, int lastLanes, float floor) {
        FloatVector c0 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector x = FloatVector.broadcast(S, in[a + kk]);
            c0 = FloatVector.fromArray(S, w, wk).fma(x, c0);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        c0 = c0.add(FloatVector.fromArray(S, w, biasOff));
        c0.blend(lo, c0.lt(lo)).intoArray(out, o, S.indexInRange(0, lastLanes));
    }

    /** Two columns (pixels at a0 and a1) x 4 vectors of output channels. */
    static void cols2x4(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a0,
                         int a1, float[] out, int o0, int o1, int lastLanes, float floor) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector b0 = FloatVector.fromArray(S, w, biasOff);
        FloatVector b1 = FloatVector.fromArray(S, w, biasOff + L);
        FloatVector b2 = FloatVector.fromArray(S, w, biasOff + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, w, biasOff + 3 * L);
        c00 = c00.add(b0);
        c00.blend(lo, c00.lt(lo)).intoArray(out, o0);
        c01 = c01.add(b1);
        c01.blend(lo, c01.lt(lo)).intoArray(out, o0 + L);
        c02 = c02.add(b2);
        c02.blend(lo, c02.lt(lo)).intoArray(out, o0 + 2 * L);
        c03 = c03.add(b3);
        c03.blend(lo, c03.lt(lo)).intoArray(out, o0 + 3 * L, tail);
        c10 = c10.add(b0);
        c10.blend(lo, c10.lt(lo)).intoArray(out, o1);
        c11 = c11.add(b1);
        c11.blend(lo, c11.lt(lo)).intoArray(out, o1 + L);
        c12 = c12.add(b2);
        c12.blend(lo, c12.lt(lo)).intoArray(out, o1 + 2 * L);
        c13 = c13.add(b3);
        c13.blend(lo, c13.lt(lo)).intoArray(out, o1 + 3 * L, tail);
    }

    /** Two columns (pixels at a0 and a1) x 2 vectors of output channels. */
    static void cols2x2(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a0,
                         int a1, float[] out, int o0, int o1, int lastLanes, float floor) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector b0 = FloatVector.fromArray(S, w, biasOff);
        FloatVector b1 = FloatVector.fromArray(S, w, biasOff + L);
        c00 = c00.add(b0);
        c00.blend(lo, c00.lt(lo)).intoArray(out, o0);
        c01 = c01.add(b1);
        c01.blend(lo, c01.lt(lo)).intoArray(out, o0 + L, tail);
        c10 = c10.add(b0);
        c10.blend(lo, c10.lt(lo)).intoArray(out, o1);
        c11 = c11.add(b1);
        c11.blend(lo, c11.lt(lo)).intoArray(out, o1 + L, tail);
    }

    /** Two columns (pixels at a0 and a1) x 1 vector of output channels. */
    static void cols2x1(float[] w, int biasOff, int rowsOff, int rowStride, int k, float[] in, int a0,
                         int a1, float[] out, int o0, int o1, int lastLanes, float floor) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        for (int kk = 0, wk = rowsOff; kk < k; kk++, wk += rowStride) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10);
        }
        FloatVector lo = FloatVector.broadcast(S, floor);
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector b0 = FloatVector.fromArray(S, w, biasOff);
        c00 = c00.add(b0);
        c00.blend(lo, c00.lt(lo)).intoArray(out, o0, tail);
        c10 = c10.add(b0);
        c10.blend(lo, c10.lt(lo)).intoArray(out, o1, tail);
    }
}
