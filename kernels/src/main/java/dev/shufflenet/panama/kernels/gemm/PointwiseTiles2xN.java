package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.LT;

/**
 * Two-pixel micro-kernels (2 x {4, 2, 1} vectors) for the pixels left over after the 6-pixel tiles
 * and for inputs of very few pixels. With 2 x 4 = 8 accumulators the FMA units stay busy (two units of
 * 4-cycle latency need 8 independent chains), so up to 4 leftover pixels cost less here than in a 6-pixel
 * tile of mostly repeated rows, and a fully connected layer at batch 1 (one pixel, 4 MB of weights for
 * 1000 x 1024) reads its weights once, as fast as memory delivers them.
 *
 * <p>Each call computes one tile over all k input channels. Arguments: {@code w}/{@code wOff}: the packed
 * array and the group's bias row; {@code k}: input channels; {@code in}/{@code inOff}/{@code inStride}:
 * the input view at the tile's first pixel; {@code out}/{@code outOff}/{@code outStride}: the output view
 * at the tile's first pixel and the group's first channel; {@code rows}: pixels in this tile, 1 to 2;
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
final class PointwiseTiles2xN {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private PointwiseTiles2xN() {}

    /** 2 pixels x 4 vectors of output channels. */
    static void rows2x4(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + (rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector b2 = FloatVector.fromArray(S, w, wOff + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, w, wOff + 3 * L);
        FloatVector c00 = b0; FloatVector c01 = b1; FloatVector c02 = b2; FloatVector c03 = b3;
        FloatVector c10 = b0; FloatVector c11 = b1; FloatVector c12 = b2; FloatVector c13 = b3;
        for (int kk = 0, wk = wOff + 4 * L; kk < k; kk++, wk += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01); c02 = w2.lanewise(FMA, x0, c02); c03 = w3.lanewise(FMA, x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11); c12 = w2.lanewise(FMA, x1, c12); c13 = w3.lanewise(FMA, x1, c13);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01)); c02 = c02.blend(hi, hi.compare(LT, c02)); c03 = c03.blend(hi, hi.compare(LT, c03));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11)); c12 = c12.blend(hi, hi.compare(LT, c12)); c13 = c13.blend(hi, hi.compare(LT, c13));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L);
        c02.blend(lo, c02.compare(LT, lo)).intoArray(out, o0 + 2 * L);
        c03.blend(lo, c03.compare(LT, lo)).intoArray(out, o0 + 3 * L, tail);
        int o1 = outOff + (rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L);
        c12.blend(lo, c12.compare(LT, lo)).intoArray(out, o1 + 2 * L);
        c13.blend(lo, c13.compare(LT, lo)).intoArray(out, o1 + 3 * L, tail);
    }

    /** 2 pixels x 3 vectors of output channels. */
    static void rows2x3(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + (rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector b2 = FloatVector.fromArray(S, w, wOff + 2 * L);
        FloatVector c00 = b0; FloatVector c01 = b1; FloatVector c02 = b2;
        FloatVector c10 = b0; FloatVector c11 = b1; FloatVector c12 = b2;
        for (int kk = 0, wk = wOff + 3 * L; kk < k; kk++, wk += 3 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01); c02 = w2.lanewise(FMA, x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11); c12 = w2.lanewise(FMA, x1, c12);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01)); c02 = c02.blend(hi, hi.compare(LT, c02));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11)); c12 = c12.blend(hi, hi.compare(LT, c12));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L);
        c02.blend(lo, c02.compare(LT, lo)).intoArray(out, o0 + 2 * L, tail);
        int o1 = outOff + (rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L);
        c12.blend(lo, c12.compare(LT, lo)).intoArray(out, o1 + 2 * L, tail);
    }

    /** 2 pixels x 2 vectors of output channels. */
    static void rows2x2(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + (rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector b1 = FloatVector.fromArray(S, w, wOff + L);
        FloatVector c00 = b0; FloatVector c01 = b1;
        FloatVector c10 = b0; FloatVector c11 = b1;
        for (int kk = 0, wk = wOff + 2 * L; kk < k; kk++, wk += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00); c01 = w1.lanewise(FMA, x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10); c11 = w1.lanewise(FMA, x1, c11);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00)); c01 = c01.blend(hi, hi.compare(LT, c01));
            c10 = c10.blend(hi, hi.compare(LT, c10)); c11 = c11.blend(hi, hi.compare(LT, c11));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0);
        c01.blend(lo, c01.compare(LT, lo)).intoArray(out, o0 + L, tail);
        int o1 = outOff + (rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1);
        c11.blend(lo, c11.compare(LT, lo)).intoArray(out, o1 + L, tail);
    }

    /** 2 pixels x 1 vector of output channels. */
    static void rows2x1(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] out, int outOff, int outStride, int rows, int lastLanes, float floor,
                         float ceiling) {
        int a0 = inOff;
        int a1 = inOff + (rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector c00 = b0;
        FloatVector c10 = b0;
        for (int kk = 0, wk = wOff + 1 * L; kk < k; kk++, wk += 1 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.lanewise(FMA, x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.lanewise(FMA, x1, c10);
        }
        if (ceiling < Float.POSITIVE_INFINITY) { // minmax: the upper bound (ReLU6); the ReLU path skips it
            FloatVector hi = FloatVector.broadcast(S, ceiling);
            c00 = c00.blend(hi, hi.compare(LT, c00));
            c10 = c10.blend(hi, hi.compare(LT, c10));
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector lo = FloatVector.broadcast(S, floor);
        int o0 = outOff;
        c00.blend(lo, c00.compare(LT, lo)).intoArray(out, o0, tail);
        int o1 = outOff + (rows - 1) * outStride;
        c10.blend(lo, c10.compare(LT, lo)).intoArray(out, o1, tail);
    }
}
