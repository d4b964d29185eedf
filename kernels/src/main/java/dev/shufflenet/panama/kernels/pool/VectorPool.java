package dev.shufflenet.panama.kernels.pool;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pooling vectorised along channels: each output pixel reduces its window one vector of channels at a
 * time. A 3x3 window that lies inside the image (almost all of them in ShuffleNet's pools) is nine
 * unrolled loads; border windows are clipped to the image by loop bounds. The taps are visited in the
 * same order as in {@link ScalarPool}, so both give bit-identical results.
 *
 * <p>Channel tail: a last block shifted to end at the last channel when there are at least as many
 * channels as lanes (its overlap is recomputed to the same values), else a masked block; channels past
 * {@code channels} in the output view are never written.
 */
public final class VectorPool implements PoolKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    /** Max and average pooling, ReLU fused into the average. One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-pool-maxavg-relu-vector64";
        case 128 -> "f32-pool-maxavg-relu-vector128";
        case 256 -> "f32-pool-maxavg-relu-vector256";
        case 512 -> "f32-pool-maxavg-relu-vector512";
        default -> "f32-pool-maxavg-relu-" + VectorConfig.setName();
    };

    @Override
    public String name() { return name; }

    @Override
    public void maxPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight,
                        float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd) {
        PoolArgs.checkWindow(name, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft,
                padBottom, padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        window(true, false, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom,
                padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, false);
    }

    @Override
    public void avgPool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad,
                        float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int rowBegin, int rowEnd, boolean relu) {
        PoolArgs.checkWindow(name, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft,
                padBottom, padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd);
        window(false, countIncludePad, channels, inH, inW, kernelH, kernelW, strideH, strideW, padTop, padLeft,
                padBottom, padRight, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, relu);
    }

    private static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(S, a, i) : FloatVector.fromArray(S, a, i, m);
    }

    private static void window(boolean max, boolean countIncludePad, int channels, int inH, int inW,
                               int kernelH, int kernelW, int strideH, int strideW,
                               int padTop, int padLeft, int padBottom, int padRight,
                               float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                               int rowBegin, int rowEnd, boolean relu) {
        int outH = PoolKernel.outSize(inH, kernelH, strideH, padTop, padBottom);
        int outW = PoolKernel.outSize(inW, kernelW, strideW, padLeft, padRight);
        VectorMask<Float> mask = channels < L ? S.indexInRange(0, channels) : null;
        float lowerBound = relu ? 0f : Float.NEGATIVE_INFINITY;
        // Columns whose whole window lies inside the image: [interiorBegin, interiorEnd).
        int interiorBegin = Math.min(outW, (padLeft + strideW - 1) / strideW);
        int lastFit = inW - kernelW + padLeft;
        int interiorEnd = Math.max(interiorBegin, lastFit < 0 ? 0 : Math.min(outW, lastFit / strideW + 1));
        boolean window3x3 = kernelH == 3 && kernelW == 3;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int ih0 = oh * strideH - padTop;
            int yBegin = Math.max(0, -ih0), yEnd = Math.min(kernelH, inH - ih0);
            int rowBase = inOff + (n * inH + ih0) * inW * inStride;
            int outRow = outOff + r * outW * outStride;
            // The 3x3 window (ShuffleNet's only one) away from the borders: nine loads, no loop, no bounds.
            boolean unrolled = window3x3 && yBegin == 0 && yEnd == 3;
            int fastBegin = unrolled ? interiorBegin : outW, fastEnd = unrolled ? interiorEnd : outW;
            for (int c0 = 0; c0 < channels; c0 += L) {
                int c = mask == null ? Math.min(c0, channels - L) : 0;
                clippedWindows(max, countIncludePad, 0, fastBegin, in, rowBase, inW, inStride, kernelH, kernelW,
                        strideW, padLeft, yBegin, yEnd, c, mask, lowerBound, out, outRow, outStride);
                int rowFloats = inW * inStride;
                for (int ow = fastBegin; ow < fastEnd; ow++) {
                    int i = rowBase + (ow * strideW - padLeft) * inStride + c;
                    int j = i + rowFloats, k = j + rowFloats;
                    FloatVector acc;
                    if (max) {
                        acc = load(in, i, mask).max(load(in, i + inStride, mask)).max(load(in, i + 2 * inStride, mask))
                                .max(load(in, j, mask)).max(load(in, j + inStride, mask)).max(load(in, j + 2 * inStride, mask))
                                .max(load(in, k, mask)).max(load(in, k + inStride, mask)).max(load(in, k + 2 * inStride, mask));
                    } else {
                        // Same order as the scalar kernel (0 + taps row by row), so the sums round identically.
                        acc = FloatVector.zero(S).add(load(in, i, mask)).add(load(in, i + inStride, mask))
                                .add(load(in, i + 2 * inStride, mask)).add(load(in, j, mask))
                                .add(load(in, j + inStride, mask)).add(load(in, j + 2 * inStride, mask))
                                .add(load(in, k, mask)).add(load(in, k + inStride, mask))
                                .add(load(in, k + 2 * inStride, mask)).mul(1f / 9);
                    }
                    acc = acc.max(lowerBound);
                    int o = outRow + ow * outStride + c;
                    if (mask == null) acc.intoArray(out, o); else acc.intoArray(out, o, mask);
                }
                clippedWindows(max, countIncludePad, fastEnd, outW, in, rowBase, inW, inStride, kernelH, kernelW,
                        strideW, padLeft, yBegin, yEnd, c, mask, lowerBound, out, outRow, outStride);
                if (mask != null) break;
            }
        }
    }

    /** Output columns [owBegin, owEnd) of one row and channel block, each window clipped to the image. */
    private static void clippedWindows(boolean max, boolean countIncludePad, int owBegin, int owEnd, float[] in,
                                       int rowBase, int inW, int inStride, int kernelH, int kernelW, int strideW,
                                       int padLeft, int yBegin, int yEnd, int c, VectorMask<Float> mask,
                                       float lowerBound, float[] out, int outRow, int outStride) {
        for (int ow = owBegin; ow < owEnd; ow++) {
            int iw0 = ow * strideW - padLeft;
            int xBegin = Math.max(0, -iw0), xEnd = Math.min(kernelW, inW - iw0);
            FloatVector acc = FloatVector.broadcast(S, max ? Float.NEGATIVE_INFINITY : 0f);
            for (int y = yBegin; y < yEnd; y++) {
                int ip = rowBase + (y * inW + iw0) * inStride + c;
                for (int x = xBegin; x < xEnd; x++) {
                    FloatVector v = load(in, ip + x * inStride, mask);
                    acc = max ? acc.max(v) : acc.add(v);
                }
            }
            if (!max) {
                int taps = countIncludePad ? kernelH * kernelW : (yEnd - yBegin) * (xEnd - xBegin);
                acc = acc.mul(1f / taps);
            }
            acc = acc.max(lowerBound);
            int o = outRow + ow * outStride + c;
            if (mask == null) acc.intoArray(out, o); else acc.intoArray(out, o, mask);
        }
    }

    @Override
    public void globalAvgPool(int channels, int pixelsPerImage, float[] in, int inOff, int inStride,
                              float[] out, int outOff, int outStride, int imageBegin, int imageEnd) {
        PoolArgs.checkGlobal(name, channels, pixelsPerImage, in, inOff, inStride, out, outOff, outStride,
                imageBegin, imageEnd);
        VectorMask<Float> mask = channels < L ? S.indexInRange(0, channels) : null;
        float scale = 1f / pixelsPerImage;
        for (int n = imageBegin; n < imageEnd; n++) {
            int image = inOff + n * pixelsPerImage * inStride;
            int o = outOff + n * outStride;
            int c0 = 0;
            if (mask == null) {
                // Four channel vectors per pass over the pixels: four independent add chains.
                for (; c0 + 4 * L <= channels; c0 += 4 * L) {
                    FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                    for (int p = 0, i = image + c0; p < pixelsPerImage; p++, i += inStride) {
                        s0 = s0.add(FloatVector.fromArray(S, in, i));
                        s1 = s1.add(FloatVector.fromArray(S, in, i + L));
                        s2 = s2.add(FloatVector.fromArray(S, in, i + 2 * L));
                        s3 = s3.add(FloatVector.fromArray(S, in, i + 3 * L));
                    }
                    s0.mul(scale).intoArray(out, o + c0);
                    s1.mul(scale).intoArray(out, o + c0 + L);
                    s2.mul(scale).intoArray(out, o + c0 + 2 * L);
                    s3.mul(scale).intoArray(out, o + c0 + 3 * L);
                }
            }
            for (; c0 < channels; c0 += L) {
                int c = mask == null ? Math.min(c0, channels - L) : 0;
                // Summed in pixel order, like the scalar kernel, so both round identically.
                FloatVector sum = FloatVector.zero(S);
                for (int p = 0, i = image + c; p < pixelsPerImage; p++, i += inStride)
                    sum = sum.add(load(in, i, mask));
                sum = sum.mul(scale);
                if (mask == null) sum.intoArray(out, o + c); else sum.intoArray(out, o + c, mask);
                if (mask != null) break;
            }
        }
    }
}
