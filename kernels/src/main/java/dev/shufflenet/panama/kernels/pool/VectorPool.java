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

    /*
     * JIT shape. Each loop below has one kind of load (plain or masked) and one reduction (max or sum), and
     * its vectors never leave it: at 512 bits C2 boxed the vectors of the earlier single loop, which chose
     * max or sum per tap and merged plain and masked loads, in some JVM runs (0.1-0.6 MB per call of v1's
     * shortcut average pools in CompiledModelAllocationTest under load). Same pattern, same cure as the
     * add + ReLU GEMM tiles (docs/measurements.md).
     */
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
        int rowFloats = inW * inStride;
        for (int r = rowBegin; r < rowEnd; r++) {
            int n = r / outH;
            int oh = r - n * outH;
            int ih0 = oh * strideH - padTop;
            int yBegin = Math.max(0, -ih0), yEnd = Math.min(kernelH, inH - ih0);
            int rowBase = inOff + (n * inH + ih0) * rowFloats;
            int outRow = outOff + r * outW * outStride;
            // The 3x3 window (ShuffleNet's only one) away from the borders, a full vector of channels: nine
            // loads, no loop, no bounds. Fewer channels than lanes take the clipped path (same taps, same order).
            boolean unrolled = window3x3 && yBegin == 0 && yEnd == 3 && mask == null;
            int fastBegin = unrolled ? interiorBegin : outW, fastEnd = unrolled ? interiorEnd : outW;
            for (int c0 = 0; c0 < channels; c0 += L) {
                int c = mask == null ? Math.min(c0, channels - L) : 0;
                clipped(max, countIncludePad, 0, fastBegin, in, rowBase, inW, inStride, kernelH, kernelW,
                        strideW, padLeft, yBegin, yEnd, c, mask, lowerBound, out, outRow, outStride);
                int first = rowBase + (fastBegin * strideW - padLeft) * inStride + c;
                int firstOut = outRow + fastBegin * outStride + c;
                if (max) {
                    interiorMax3x3(fastEnd - fastBegin, in, first, strideW * inStride, inStride, rowFloats,
                            lowerBound, out, firstOut, outStride);
                } else {
                    interiorAvg3x3(fastEnd - fastBegin, in, first, strideW * inStride, inStride, rowFloats,
                            lowerBound, out, firstOut, outStride);
                }
                clipped(max, countIncludePad, fastEnd, outW, in, rowBase, inW, inStride, kernelH, kernelW,
                        strideW, padLeft, yBegin, yEnd, c, mask, lowerBound, out, outRow, outStride);
                if (mask != null) break;
            }
        }
    }

    /** {@code count} interior 3x3 max windows of one full channel vector, {@code step} floats apart. */
    private static void interiorMax3x3(int count, float[] in, int i, int step, int inStride, int rowFloats,
                                       float lowerBound, float[] out, int o, int outStride) {
        for (int w = 0; w < count; w++, i += step, o += outStride) {
            int j = i + rowFloats, k = j + rowFloats;
            FloatVector.fromArray(S, in, i).max(FloatVector.fromArray(S, in, i + inStride))
                    .max(FloatVector.fromArray(S, in, i + 2 * inStride))
                    .max(FloatVector.fromArray(S, in, j)).max(FloatVector.fromArray(S, in, j + inStride))
                    .max(FloatVector.fromArray(S, in, j + 2 * inStride))
                    .max(FloatVector.fromArray(S, in, k)).max(FloatVector.fromArray(S, in, k + inStride))
                    .max(FloatVector.fromArray(S, in, k + 2 * inStride))
                    .max(lowerBound).intoArray(out, o);
        }
    }

    /** {@code count} interior 3x3 average windows; summed as the scalar kernel does (0 + taps row by row). */
    private static void interiorAvg3x3(int count, float[] in, int i, int step, int inStride, int rowFloats,
                                       float lowerBound, float[] out, int o, int outStride) {
        for (int w = 0; w < count; w++, i += step, o += outStride) {
            int j = i + rowFloats, k = j + rowFloats;
            FloatVector.zero(S).add(FloatVector.fromArray(S, in, i)).add(FloatVector.fromArray(S, in, i + inStride))
                    .add(FloatVector.fromArray(S, in, i + 2 * inStride))
                    .add(FloatVector.fromArray(S, in, j)).add(FloatVector.fromArray(S, in, j + inStride))
                    .add(FloatVector.fromArray(S, in, j + 2 * inStride))
                    .add(FloatVector.fromArray(S, in, k)).add(FloatVector.fromArray(S, in, k + inStride))
                    .add(FloatVector.fromArray(S, in, k + 2 * inStride))
                    .mul(1f / 9).max(lowerBound).intoArray(out, o);
        }
    }

    /** Output columns [owBegin, owEnd) of one row and channel block, each window clipped to the image. */
    private static void clipped(boolean max, boolean countIncludePad, int owBegin, int owEnd, float[] in,
                                int rowBase, int inW, int inStride, int kernelH, int kernelW, int strideW,
                                int padLeft, int yBegin, int yEnd, int c, VectorMask<Float> mask,
                                float lowerBound, float[] out, int outRow, int outStride) {
        for (int ow = owBegin; ow < owEnd; ow++) {
            int iw0 = ow * strideW - padLeft;
            int xBegin = Math.max(0, -iw0), xEnd = Math.min(kernelW, inW - iw0);
            int first = rowBase + (yBegin * inW + iw0) * inStride + c;
            int o = outRow + ow * outStride + c;
            if (max) {
                if (mask == null) clippedMax(in, first, inW * inStride, inStride, yEnd - yBegin, xBegin, xEnd,
                        lowerBound, out, o);
                else clippedMaxMasked(in, first, inW * inStride, inStride, yEnd - yBegin, xBegin, xEnd,
                        lowerBound, out, o, mask);
            } else {
                int taps = countIncludePad ? kernelH * kernelW : (yEnd - yBegin) * (xEnd - xBegin);
                if (mask == null) clippedAvg(in, first, inW * inStride, inStride, yEnd - yBegin, xBegin, xEnd,
                        1f / taps, lowerBound, out, o);
                else clippedAvgMasked(in, first, inW * inStride, inStride, yEnd - yBegin, xBegin, xEnd,
                        1f / taps, lowerBound, out, o, mask);
            }
        }
    }

    private static void clippedMax(float[] in, int first, int rowFloats, int inStride, int rows, int xBegin,
                                   int xEnd, float lowerBound, float[] out, int o) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int y = 0, ip = first; y < rows; y++, ip += rowFloats)
            for (int x = xBegin; x < xEnd; x++) acc = acc.max(FloatVector.fromArray(S, in, ip + x * inStride));
        acc.max(lowerBound).intoArray(out, o);
    }

    private static void clippedMaxMasked(float[] in, int first, int rowFloats, int inStride, int rows,
                                         int xBegin, int xEnd, float lowerBound, float[] out, int o,
                                         VectorMask<Float> mask) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int y = 0, ip = first; y < rows; y++, ip += rowFloats)
            for (int x = xBegin; x < xEnd; x++)
                acc = acc.max(FloatVector.fromArray(S, in, ip + x * inStride, mask));
        acc.max(lowerBound).intoArray(out, o, mask);
    }

    private static void clippedAvg(float[] in, int first, int rowFloats, int inStride, int rows, int xBegin,
                                   int xEnd, float scale, float lowerBound, float[] out, int o) {
        FloatVector acc = FloatVector.zero(S);
        for (int y = 0, ip = first; y < rows; y++, ip += rowFloats)
            for (int x = xBegin; x < xEnd; x++) acc = acc.add(FloatVector.fromArray(S, in, ip + x * inStride));
        acc.mul(scale).max(lowerBound).intoArray(out, o);
    }

    private static void clippedAvgMasked(float[] in, int first, int rowFloats, int inStride, int rows,
                                         int xBegin, int xEnd, float scale, float lowerBound, float[] out, int o,
                                         VectorMask<Float> mask) {
        FloatVector acc = FloatVector.zero(S);
        for (int y = 0, ip = first; y < rows; y++, ip += rowFloats)
            for (int x = xBegin; x < xEnd; x++)
                acc = acc.add(FloatVector.fromArray(S, in, ip + x * inStride, mask));
        acc.mul(scale).max(lowerBound).intoArray(out, o, mask);
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
            if (mask != null) {
                globalSumMasked(in, image, inStride, pixelsPerImage, scale, out, o, mask);
                continue;
            }
            int c0 = 0;
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
            for (; c0 < channels; c0 += L) {
                // A last block shifted to end at the last channel; summed in pixel order, like the scalar kernel.
                int c = Math.min(c0, channels - L);
                FloatVector sum = FloatVector.zero(S);
                for (int p = 0, i = image + c; p < pixelsPerImage; p++, i += inStride)
                    sum = sum.add(FloatVector.fromArray(S, in, i));
                sum.mul(scale).intoArray(out, o + c);
            }
        }
    }

    private static void globalSumMasked(float[] in, int image, int inStride, int pixels, float scale, float[] out,
                                        int o, VectorMask<Float> mask) {
        FloatVector sum = FloatVector.zero(S);
        for (int p = 0, i = image; p < pixels; p++, i += inStride) sum = sum.add(FloatVector.fromArray(S, in, i, mask));
        sum.mul(scale).intoArray(out, o, mask);
    }
}
