package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link PointwiseTilesAddRelu} (residual add, then ReLU, in the epilogue), reading
 * GEMM column k from channel {@code channels[k]} of each input pixel as {@link PointwiseTiles6xNIndexed}
 * does: a grouped 1x1 conv that reads a folded channel shuffle through {@link ChannelRuns} and ends a
 * ShuffleNet v1 stride-1 unit. Arguments and tile rules are those of {@link PointwiseTilesAddRelu}, with
 * {@code channels} for {@code k}; tiles of fewer than 6 pixels repeat their last pixel.
 */
final class PointwiseTilesAddReluIndexed {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    private PointwiseTilesAddReluIndexed() {}

    /** 6 pixels x 4 vectors of output channels, plus the residual, then ReLU. */
    static void rows6x4(float[] w, int wOff, int[] channels, float[] in, int inOff, int inStride,
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
        for (int kk = 0, wk = wOff + 4 * L; kk < channels.length; kk++, wk += 4 * L) {
            int ch = channels[kk];
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + ch]);
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01); c02 = w2.fma(x0, c02); c03 = w3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + ch]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11); c12 = w2.fma(x1, c12); c13 = w3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + ch]);
            c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21); c22 = w2.fma(x2, c22); c23 = w3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + ch]);
            c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31); c32 = w2.fma(x3, c32); c33 = w3.fma(x3, c33);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + ch]);
            c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41); c42 = w2.fma(x4, c42); c43 = w3.fma(x4, c43);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + ch]);
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
    static void rows6x2(float[] w, int wOff, int[] channels, float[] in, int inOff, int inStride,
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
        for (int kk = 0, wk = wOff + 2 * L; kk < channels.length; kk++, wk += 2 * L) {
            int ch = channels[kk];
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + ch]);
            c00 = w0.fma(x0, c00); c01 = w1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + ch]);
            c10 = w0.fma(x1, c10); c11 = w1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + ch]);
            c20 = w0.fma(x2, c20); c21 = w1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + ch]);
            c30 = w0.fma(x3, c30); c31 = w1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + ch]);
            c40 = w0.fma(x4, c40); c41 = w1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + ch]);
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
    static void rows6x1(float[] w, int wOff, int[] channels, float[] in, int inOff, int inStride,
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
        for (int kk = 0, wk = wOff + 1 * L; kk < channels.length; kk++, wk += 1 * L) {
            int ch = channels[kk];
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector x0 = FloatVector.broadcast(S, in[a0 + ch]);
            c00 = w0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, in[a1 + ch]);
            c10 = w0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, in[a2 + ch]);
            c20 = w0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, in[a3 + ch]);
            c30 = w0.fma(x3, c30);
            FloatVector x4 = FloatVector.broadcast(S, in[a4 + ch]);
            c40 = w0.fma(x4, c40);
            FloatVector x5 = FloatVector.broadcast(S, in[a5 + ch]);
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
}
