package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link PointwiseTiles6xN} and {@link PointwiseTiles2xN} with a residual epilogue:
 * each accumulator (bias + sum, as there) gets the residual's value of the same pixel and channel added,
 * then ReLU, and is stored once: out = relu(res + (bias + in * W^T)). That is ShuffleNet v1's stride-1
 * unit, whose branch ends in a 1x1 conv followed by the add with the unit's input and a ReLU; fused here,
 * the branch is never written to memory and read back by a separate add pass.
 *
 * <p>Bits: the add is one rounded float add of the value {@link PointwiseTiles6xN} would store (without
 * relu), so the result is bit-identical to that kernel followed by an elementwise add and ReLU.
 *
 * <p>Arguments are those of {@link PointwiseTiles6xN} plus {@code res}/{@code resOff}/{@code resStride}:
 * the residual view at the tile's first pixel and the group's first channel; there is no floor (ReLU is
 * always applied, as {@code x < 0 ? 0 : x}: NaN and -0.0 pass). The residual's last vector is loaded
 * with the store's mask, so channels past the group are never read. A tile of fewer pixels repeats its
 * last pixel, as there; the repeated rows read the residual again, so it must not overlap the output.
 *
 * <p>The 6-pixel tiles (here and in {@link PointwiseTilesAddReluIndexed}) store their sums first and then
 * run {@link #addResidualRelu} over the tile's pixels: fused into their 24-accumulator epilogue, the residual's
 * add, compare and blend took C2's parse of {@code rows6x4} past its inlining budget in about half of the JVM
 * runs (JFR: {@code Float512Vector.blend}'s bridge method compiled apart, every vector passed to it boxed, 0.7 to
 * 6 MB per call; CompiledModelAllocationTest failed on v1 in 2 of 3 runs at 512 bits before, 0 of 6 after).
 * The second pass reads back what the tile just wrote, from L1. The 2-pixel tiles are small enough to keep it
 * fused.
 *
 * <p>JIT notes: as in {@link PointwiseTiles6xN} (one scope per tile, no vector passed to a helper).
 * Why a copy of the tiles rather than a residual argument on them: the plain tiles stay as they are
 * (no extra argument or branch on the v2 path), and the residual loads sit in one place.
 */
final class PointwiseTilesAddRelu {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private PointwiseTilesAddRelu() {}

    /** 6 pixels x 4 vectors of output channels, plus the residual, then ReLU. */
    static void rows6x4(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
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
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21); c22 = w2.fma(x2, c22); c23 = w3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31); c32 = w2.fma(x3, c32); c33 = w3.fma(x3, c33);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41); c42 = w2.fma(x4, c42); c43 = w3.fma(x4, c43);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.fma(x5, c50); c51 = w1.fma(x5, c51); c52 = w2.fma(x5, c52); c53 = w3.fma(x5, c53);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        int o0 = outOff;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c02.intoArray(out, o0 + 2 * L);
        c03.intoArray(out, o0 + 3 * L, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c13.intoArray(out, o1 + 3 * L, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c23.intoArray(out, o2 + 3 * L, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
        c33.intoArray(out, o3 + 3 * L, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + L);
        c42.intoArray(out, o4 + 2 * L);
        c43.intoArray(out, o4 + 3 * L, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + L);
        c52.intoArray(out, o5 + 2 * L);
        c53.intoArray(out, o5 + 3 * L, tail);
        PointwiseTilesAddRelu.addResidualRelu(res, resOff, resStride, out, outOff, outStride, rows, 4, lastLanes);
    }

    /** 6 pixels x 2 vectors of output channels, plus the residual, then ReLU. */
    static void rows6x2(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
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
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.fma(x5, c50); c51 = w1.fma(x5, c51);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        int o0 = outOff;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + L, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + L, tail);
        PointwiseTilesAddRelu.addResidualRelu(res, resOff, resStride, out, outOff, outStride, rows, 2, lastLanes);
    }

    /** 6 pixels x 1 vector of output channels, plus the residual, then ReLU. */
    static void rows6x1(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
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
            c00 = w0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + kk]);
            c20 = w0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + kk]);
            c30 = w0.fma(x3, c30);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + kk]);
            c40 = w0.fma(x4, c40);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + kk]);
            c50 = w0.fma(x5, c50);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        int o0 = outOff;
        c00.intoArray(out, o0, tail);
        int o1 = outOff + Math.min(1, rows - 1) * outStride;
        c10.intoArray(out, o1, tail);
        int o2 = outOff + Math.min(2, rows - 1) * outStride;
        c20.intoArray(out, o2, tail);
        int o3 = outOff + Math.min(3, rows - 1) * outStride;
        c30.intoArray(out, o3, tail);
        int o4 = outOff + Math.min(4, rows - 1) * outStride;
        c40.intoArray(out, o4, tail);
        int o5 = outOff + Math.min(5, rows - 1) * outStride;
        c50.intoArray(out, o5, tail);
        PointwiseTilesAddRelu.addResidualRelu(res, resOff, resStride, out, outOff, outStride, rows, 1, lastLanes);
    }

    /** 2 pixels x 4 vectors of output channels, plus the residual, then ReLU. */
    static void rows2x4(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
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
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector zero = FloatVector.zero(S);
        FloatVector y;
        int o0 = outOff;
        int r0 = resOff;
        y = c00.add(FloatVector.fromArray(S, res, r0));
        y.blend(zero, y.lt(zero)).intoArray(out, o0);
        y = c01.add(FloatVector.fromArray(S, res, r0 + L));
        y.blend(zero, y.lt(zero)).intoArray(out, o0 + L);
        y = c02.add(FloatVector.fromArray(S, res, r0 + 2 * L));
        y.blend(zero, y.lt(zero)).intoArray(out, o0 + 2 * L);
        y = c03.add(FloatVector.fromArray(S, res, r0 + 3 * L, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o0 + 3 * L, tail);
        int o1 = outOff + (rows - 1) * outStride;
        int r1 = resOff + (rows - 1) * resStride;
        y = c10.add(FloatVector.fromArray(S, res, r1));
        y.blend(zero, y.lt(zero)).intoArray(out, o1);
        y = c11.add(FloatVector.fromArray(S, res, r1 + L));
        y.blend(zero, y.lt(zero)).intoArray(out, o1 + L);
        y = c12.add(FloatVector.fromArray(S, res, r1 + 2 * L));
        y.blend(zero, y.lt(zero)).intoArray(out, o1 + 2 * L);
        y = c13.add(FloatVector.fromArray(S, res, r1 + 3 * L, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o1 + 3 * L, tail);
    }

    /** 2 pixels x 2 vectors of output channels, plus the residual, then ReLU. */
    static void rows2x2(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
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
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector zero = FloatVector.zero(S);
        FloatVector y;
        int o0 = outOff;
        int r0 = resOff;
        y = c00.add(FloatVector.fromArray(S, res, r0));
        y.blend(zero, y.lt(zero)).intoArray(out, o0);
        y = c01.add(FloatVector.fromArray(S, res, r0 + L, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o0 + L, tail);
        int o1 = outOff + (rows - 1) * outStride;
        int r1 = resOff + (rows - 1) * resStride;
        y = c10.add(FloatVector.fromArray(S, res, r1));
        y.blend(zero, y.lt(zero)).intoArray(out, o1);
        y = c11.add(FloatVector.fromArray(S, res, r1 + L, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o1 + L, tail);
    }

    /** 2 pixels x 1 vector of output channels, plus the residual, then ReLU. */
    static void rows2x1(float[] w, int wOff, int k, float[] in, int inOff, int inStride,
                         float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                         int rows, int lastLanes) {
        int a0 = inOff;
        int a1 = inOff + (rows - 1) * inStride;
        FloatVector b0 = FloatVector.fromArray(S, w, wOff);
        FloatVector c00 = b0;
        FloatVector c10 = b0;
        for (int kk = 0, wk = wOff + 1 * L; kk < k; kk++, wk += 1 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + kk]);
            c00 = w0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + kk]);
            c10 = w0.fma(x1, c10);
        }
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector zero = FloatVector.zero(S);
        FloatVector y;
        int o0 = outOff;
        int r0 = resOff;
        y = c00.add(FloatVector.fromArray(S, res, r0, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o0, tail);
        int o1 = outOff + (rows - 1) * outStride;
        int r1 = resOff + (rows - 1) * resStride;
        y = c10.add(FloatVector.fromArray(S, res, r1, tail));
        y.blend(zero, y.lt(zero)).intoArray(out, o1, tail);
    }

    /**
     * out = relu(out + res) over {@code rows} pixels x {@code vectors} vectors (the last masked to
     * {@code lastLanes}): the second half of the 6-pixel tiles' epilogue, the same float add and
     * {@code x < 0 ? 0 : x} as the fused one, so the bits are those of the 2-pixel tiles.
     */
    static void addResidualRelu(float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                                int rows, int vectors, int lastLanes) {
        VectorMask<Float> tail = S.indexInRange(0, lastLanes);
        FloatVector zero = FloatVector.zero(S);
        for (int p = 0, o = outOff, r = resOff; p < rows; p++, o += outStride, r += resStride) {
            int v = 0;
            for (; v < vectors - 1; v++) {
                FloatVector y = FloatVector.fromArray(S, out, o + v * L).add(FloatVector.fromArray(S, res, r + v * L));
                y.blend(zero, y.lt(zero)).intoArray(out, o + v * L);
            }
            FloatVector y = FloatVector.fromArray(S, out, o + v * L, tail).add(FloatVector.fromArray(S, res, r + v * L, tail));
            y.blend(zero, y.lt(zero)).intoArray(out, o + v * L, tail);
        }
    }
}
