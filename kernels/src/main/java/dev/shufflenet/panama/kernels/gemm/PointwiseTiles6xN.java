package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.LT;

/**
 * Register-blocked micro-kernels: 6 pixels x {4, 3, 2, 1} vectors of output channels over one group of
 * {@link ChannelBlockedWeights}. 6 x 4 = 24 accumulators, 4 weight vectors and a broadcast fill 29 of
 * 32 registers (AVX-512, NEON, SVE); per input channel, 10 loads feed 24 FMAs. 6 x 2 (12 + 2 + 1 = 15)
 * is the main tile where there are 16 (AVX2), 6 x 1 takes what is left of a group. 6 x 3 (18 + 3 + 1) is a layer
 * of exactly three vectors where {@link VectorPointwiseConv#THREE_VECTOR_GROUP} packs them as one group.
 *
 * <p>Each call computes one tile over all k input channels. Arguments: {@code w}/{@code wOff}: the packed
 * array and the group's bias row; {@code k}: input channels; {@code in}/{@code inOff}/{@code inStride}:
 * the input view at the tile's first pixel; {@code out}/{@code outOff}/{@code outStride}: the output view
 * at the tile's first pixel and the group's first channel; {@code rows}: pixels in this tile, 1 to 6;
 * {@code lastLanes}: real channels in the group's last vector, whose store is masked to them;
 * {@code floor}: 0 for relu, -infinity for none (x &lt; floor becomes floor, so NaN stays NaN);
 * {@code ceiling}: +infinity but for the minmax variant (ReLU6: 6; x &gt; ceiling becomes ceiling).
 *
 * <p>A tile of fewer pixels repeats its last pixel in the unused rows (as XNNPACK does): those rows read
 * and rewrite that pixel with the same values, so no smaller tile is needed and nothing outside the
 * tile's pixels is touched.
 *
 * <p>JIT notes. Each method keeps its vectors in one scope so C2 holds them in registers; do not move
 * parts into helpers, since a FloatVector passed to a method that is not inlined is boxed. One call per
 * tile (rather than a loop over tiles inside) is deliberate: C2 compiles a method after about 600 calls,
 * and until then Vector API code runs interpreted, about 1000x slower; a call per group of tiles left
 * whole layers in the interpreter for seconds.
 *
 * <p>{@code x.compare(LT, y)}, {@code w.lanewise(FMA, x, c)} and {@code lanewise(ADD, ...)}, not {@code x.lt(y)},
 * {@code w.fma(x, c)} and {@code add}: those are methods of FloatVector itself, whose virtual call to the species'
 * class is profiled once for all the species of the JVM. With the half-width twin ({@code VectorPointwiseConvHalf},
 * Float256Vector beside Float512Vector) in the JVM, whichever kernel compiled second boxed its vectors in the
 * no-allocation check (576 bytes a call, -Xbatch); called from here, each class's own call sites see one species.
 */
final class PointwiseTiles6xN {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private PointwiseTiles6xN() {}

    /** 6 pixels x 4 vectors of output channels. */
    static void rows6x4(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + Math.min(1, rows - 1) * inStride;
        int a2 = inOff + Math.min(2, rows - 1) * inStride;
        int a3 = inOff + Math.min(3, rows - 1) * inStride;
        int a4 = inOff + Math.min(4, rows - 1) * inStride;
        int a5 = inOff + Math.min(5, rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector b2 = FloatVector.fromArray(S, w, wOff + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, w, wOff + 3 * L);
        FloatVector c00 = b0; FloatVector c01 = b1; FloatVector c02 = b2; FloatVector c03 = b3;
        FloatVector c10 = b0; FloatVector c11 = b1; FloatVector c12 = b2; FloatVector c13 = b3;
        FloatVector c20 = b0; FloatVector c21 = b1; FloatVector c22 = b2; FloatVector c23 = b3;
        FloatVector c30 = b0; FloatVector c31 = b1; FloatVector c32 = b2; FloatVector c33 = b3;
        FloatVector c40 = b0; FloatVector c41 = b1; FloatVector c42 = b2; FloatVector c43 = b3;
        FloatVector c50 = b0; FloatVector c51 = b1; FloatVector c52 = b2; FloatVector c53 = b3;
        for (int kk = 0, wk = wOff + 4 * L; kk < k; kk++, wk += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01); c02 = w2.lanewise(FMA, x0, c02); c03 = w3.lanewise(FMA, x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11); c12 = w2.lanewise(FMA, x1, c12); c13 = w3.lanewise(FMA, x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.lanewise(FMA, x2, c20); c21 = w1.lanewise(FMA, x2, c21); c22 = w2.lanewise(FMA, x2, c22); c23 = w3.lanewise(FMA, x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.lanewise(FMA, x3, c30); c31 = w1.lanewise(FMA, x3, c31); c32 = w2.lanewise(FMA, x3, c32); c33 = w3.lanewise(FMA, x3, c33);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.lanewise(FMA, x4, c40); c41 = w1.lanewise(FMA, x4, c41); c42 = w2.lanewise(FMA, x4, c42); c43 = w3.lanewise(FMA, x4, c43);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.lanewise(FMA, x5, c50); c51 = w1.lanewise(FMA, x5, c51); c52 = w2.lanewise(FMA, x5, c52); c53 = w3.lanewise(FMA, x5, c53);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01)); c02 = c02.blend(hi, hi.compare(LT, c02)); c03 = c03.blend(hi, hi.compare(LT, c03));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11)); c12 = c12.blend(hi, hi.compare(LT, c12)); c13 = c13.blend(hi, hi.compare(LT, c13));
            c20 = c20.blend(hi, hi.compare(LT, c20)); c21 = c21.blend(hi, hi.compare(LT, c21)); c22 = c22.blend(hi, hi.compare(LT, c22)); c23 = c23.blend(hi, hi.compare(LT, c23));
            c30 = c30.blend(hi, hi.compare(LT, c30)); c31 = c31.blend(hi, hi.compare(LT, c31)); c32 = c32.blend(hi, hi.compare(LT, c32)); c33 = c33.blend(hi, hi.compare(LT, c33));
            c40 = c40.blend(hi, hi.compare(LT, c40)); c41 = c41.blend(hi, hi.compare(LT, c41)); c42 = c42.blend(hi, hi.compare(LT, c42)); c43 = c43.blend(hi, hi.compare(LT, c43));
            c50 = c50.blend(hi, hi.compare(LT, c50)); c51 = c51.blend(hi, hi.compare(LT, c51)); c52 = c52.blend(hi, hi.compare(LT, c52)); c53 = c53.blend(hi, hi.compare(LT, c53));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L);
        c02.blend(lo, c02.compare(LT, lo)).intoArray(out, o0 + 2 * L);
        c03.blend(lo, c03.compare(LT, lo)).intoArray(out, o0 + 3 * L, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L);
        c12.blend(lo, c12.compare(LT, lo)).intoArray(out, o1 + 2 * L);
        c13.blend(lo, c13.compare(LT, lo)).intoArray(out, o1 + 3 * L, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.blend(lo, c20.compare(LT, lo)).intoArray(out, o2);
        c21.blend(lo, c21.compare(LT, lo)).intoArray(out, o2 + L);
        c22.blend(lo, c22.compare(LT, lo)).intoArray(out, o2 + 2 * L);
        c23.blend(lo, c23.compare(LT, lo)).intoArray(out, o2 + 3 * L, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.blend(lo, c30.compare(LT, lo)).intoArray(out, o3);
        c31.blend(lo, c31.compare(LT, lo)).intoArray(out, o3 + L);
        c32.blend(lo, c32.compare(LT, lo)).intoArray(out, o3 + 2 * L);
        c33.blend(lo, c33.compare(LT, lo)).intoArray(out, o3 + 3 * L, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.blend(lo, c40.compare(LT, lo)).intoArray(out, o4);
        c41.blend(lo, c41.compare(LT, lo)).intoArray(out, o4 + L);
        c42.blend(lo, c42.compare(LT, lo)).intoArray(out, o4 + 2 * L);
        c43.blend(lo, c43.compare(LT, lo)).intoArray(out, o4 + 3 * L, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.blend(lo, c50.compare(LT, lo)).intoArray(out, o5);
        c51.blend(lo, c51.compare(LT, lo)).intoArray(out, o5 + L);
        c52.blend(lo, c52.compare(LT, lo)).intoArray(out, o5 + 2 * L);
        c53.blend(lo, c53.compare(LT, lo)).intoArray(out, o5 + 3 * L, tail);
    }

    /** 6 pixels x 3 vectors of output channels. */
    static void rows6x3(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + Math.min(1, rows - 1) * inStride;
        int a2 = inOff + Math.min(2, rows - 1) * inStride;
        int a3 = inOff + Math.min(3, rows - 1) * inStride;
        int a4 = inOff + Math.min(4, rows - 1) * inStride;
        int a5 = inOff + Math.min(5, rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector b2 = FloatVector.fromArray(S, w, wOff + 2 * L);
        FloatVector c00 = b0; FloatVector c01 = b1; FloatVector c02 = b2;
        FloatVector c10 = b0; FloatVector c11 = b1; FloatVector c12 = b2;
        FloatVector c20 = b0; FloatVector c21 = b1; FloatVector c22 = b2;
        FloatVector c30 = b0; FloatVector c31 = b1; FloatVector c32 = b2;
        FloatVector c40 = b0; FloatVector c41 = b1; FloatVector c42 = b2;
        FloatVector c50 = b0; FloatVector c51 = b1; FloatVector c52 = b2;
        for (int kk = 0, wk = wOff + 3 * L; kk < k; kk++, wk += 3 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01); c02 = w2.lanewise(FMA, x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11); c12 = w2.lanewise(FMA, x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.lanewise(FMA, x2, c20); c21 = w1.lanewise(FMA, x2, c21); c22 = w2.lanewise(FMA, x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.lanewise(FMA, x3, c30); c31 = w1.lanewise(FMA, x3, c31); c32 = w2.lanewise(FMA, x3, c32);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.lanewise(FMA, x4, c40); c41 = w1.lanewise(FMA, x4, c41); c42 = w2.lanewise(FMA, x4, c42);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.lanewise(FMA, x5, c50); c51 = w1.lanewise(FMA, x5, c51); c52 = w2.lanewise(FMA, x5, c52);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01)); c02 = c02.blend(hi, hi.compare(LT, c02));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11)); c12 = c12.blend(hi, hi.compare(LT, c12));
            c20 = c20.blend(hi, hi.compare(LT, c20)); c21 = c21.blend(hi, hi.compare(LT, c21)); c22 = c22.blend(hi, hi.compare(LT, c22));
            c30 = c30.blend(hi, hi.compare(LT, c30)); c31 = c31.blend(hi, hi.compare(LT, c31)); c32 = c32.blend(hi, hi.compare(LT, c32));
            c40 = c40.blend(hi, hi.compare(LT, c40)); c41 = c41.blend(hi, hi.compare(LT, c41)); c42 = c42.blend(hi, hi.compare(LT, c42));
            c50 = c50.blend(hi, hi.compare(LT, c50)); c51 = c51.blend(hi, hi.compare(LT, c51)); c52 = c52.blend(hi, hi.compare(LT, c52));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L);
        c02.blend(lo, c02.compare(LT, lo)).intoArray(out, o0 + 2 * L, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L);
        c12.blend(lo, c12.compare(LT, lo)).intoArray(out, o1 + 2 * L, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.blend(lo, c20.compare(LT, lo)).intoArray(out, o2);
        c21.blend(lo, c21.compare(LT, lo)).intoArray(out, o2 + L);
        c22.blend(lo, c22.compare(LT, lo)).intoArray(out, o2 + 2 * L, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.blend(lo, c30.compare(LT, lo)).intoArray(out, o3);
        c31.blend(lo, c31.compare(LT, lo)).intoArray(out, o3 + L);
        c32.blend(lo, c32.compare(LT, lo)).intoArray(out, o3 + 2 * L, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.blend(lo, c40.compare(LT, lo)).intoArray(out, o4);
        c41.blend(lo, c41.compare(LT, lo)).intoArray(out, o4 + L);
        c42.blend(lo, c42.compare(LT, lo)).intoArray(out, o4 + 2 * L, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.blend(lo, c50.compare(LT, lo)).intoArray(out, o5);
        c51.blend(lo, c51.compare(LT, lo)).intoArray(out, o5 + L);
        c52.blend(lo, c52.compare(LT, lo)).intoArray(out, o5 + 2 * L, tail);
    }

    /** 6 pixels x 2 vectors of output channels. */
    static void rows6x2(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + Math.min(1, rows - 1) * inStride;
        int a2 = inOff + Math.min(2, rows - 1) * inStride;
        int a3 = inOff + Math.min(3, rows - 1) * inStride;
        int a4 = inOff + Math.min(4, rows - 1) * inStride;
        int a5 = inOff + Math.min(5, rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector c00 = b0; FloatVector c01 = b1;
        FloatVector c10 = b0; FloatVector c11 = b1;
        FloatVector c20 = b0; FloatVector c21 = b1;
        FloatVector c30 = b0; FloatVector c31 = b1;
        FloatVector c40 = b0; FloatVector c41 = b1;
        FloatVector c50 = b0; FloatVector c51 = b1;
        for (int kk = 0, wk = wOff + 2 * L; kk < k; kk++, wk += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.lanewise(FMA, x2, c20); c21 = w1.lanewise(FMA, x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.lanewise(FMA, x3, c30); c31 = w1.lanewise(FMA, x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.lanewise(FMA, x4, c40); c41 = w1.lanewise(FMA, x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.lanewise(FMA, x5, c50); c51 = w1.lanewise(FMA, x5, c51);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11));
            c20 = c20.blend(hi, hi.compare(LT, c20)); c21 = c21.blend(hi, hi.compare(LT, c21));
            c30 = c30.blend(hi, hi.compare(LT, c30)); c31 = c31.blend(hi, hi.compare(LT, c31));
            c40 = c40.blend(hi, hi.compare(LT, c40)); c41 = c41.blend(hi, hi.compare(LT, c41));
            c50 = c50.blend(hi, hi.compare(LT, c50)); c51 = c51.blend(hi, hi.compare(LT, c51));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.blend(lo, c20.compare(LT, lo)).intoArray(out, o2);
        c21.blend(lo, c21.compare(LT, lo)).intoArray(out, o2 + L, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.blend(lo, c30.compare(LT, lo)).intoArray(out, o3);
        c31.blend(lo, c31.compare(LT, lo)).intoArray(out, o3 + L, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.blend(lo, c40.compare(LT, lo)).intoArray(out, o4);
        c41.blend(lo, c41.compare(LT, lo)).intoArray(out, o4 + L, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.blend(lo, c50.compare(LT, lo)).intoArray(out, o5);
        c51.blend(lo, c51.compare(LT, lo)).intoArray(out, o5 + L, tail);
    }

    /** 6 pixels x 1 vector of output channels. */
    static void rows6x1(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + Math.min(1, rows - 1) * inStride;
        int a2 = inOff + Math.min(2, rows - 1) * inStride;
        int a3 = inOff + Math.min(3, rows - 1) * inStride;
        int a4 = inOff + Math.min(4, rows - 1) * inStride;
        int a5 = inOff + Math.min(5, rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector c00 = b0;
        FloatVector c10 = b0;
        FloatVector c20 = b0;
        FloatVector c30 = b0;
        FloatVector c40 = b0;
        FloatVector c50 = b0;
        for (int kk = 0, wk = wOff + 1 * L; kk < k; kk++, wk += 1 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.lanewise(FMA, x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.lanewise(FMA, x3, c30);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.lanewise(FMA, x4, c40);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.lanewise(FMA, x5, c50);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00));
            c10 = c10.blend(hi, hi.compare(LT, c10));
            c20 = c20.blend(hi, hi.compare(LT, c20));
            c30 = c30.blend(hi, hi.compare(LT, c30));
            c40 = c40.blend(hi, hi.compare(LT, c40));
            c50 = c50.blend(hi, hi.compare(LT, c50));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.blend(lo, c20.compare(LT, lo)).intoArray(out, o2, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.blend(lo, c30.compare(LT, lo)).intoArray(out, o3, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.blend(lo, c40.compare(LT, lo)).intoArray(out, o4, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.blend(lo, c50.compare(LT, lo)).intoArray(out, o5, tail);
    }
}
