package dev.shufflenet.panama.kernels.stem;

import dev.shufflenet.panama.kernels.Checks;

/**
 * The reference fused stem: one conv output value at a time (taps outside the image skipped, in the order
 * kernel row, input channel, kernel column), ReLU, then folded into the pool outputs whose window holds
 * it, with the same row walk as the vector kernel (see {@link StemConvPoolKernel}).
 */
public final class ScalarStemConvPool implements StemConvPoolKernel {
    private static final String NAME = "f32-stem-conv3x3s2-relu-maxpool3x3s2-scalar";

    /** ONNX layout kept as given, [outChannels][inChannels][3][3]; bias zeros when absent. */
    private record Packed(int outChannels, int inChannels, float[] weight, float[] bias) implements PackedWeights {}

    @Override
    public String name() { return NAME; }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        StemConvPoolArgs.checkPack(NAME, weight, bias, outChannels, inChannels);
        return new Packed(outChannels, inChannels, weight.clone(), bias == null ? new float[outChannels] : bias.clone());
    }

    @Override
    public void run(PackedWeights w, int inH, int inW, float[] in, int inOff, float[] out, int outOff, int outStride,
                    int rowBegin, int rowEnd, boolean relu) {
        Packed p = Checks.packedBy(NAME, Packed.class, w);
        StemConvPoolArgs.checkRun(NAME, p, inH, inW, in, inOff, out, outOff, outStride, rowBegin, rowEnd);
        int cin = p.inChannels, cout = p.outChannels;
        int convH = StemConvPoolKernel.convSize(inH), convW = StemConvPoolKernel.convSize(inW);
        int outH = StemConvPoolKernel.outSize(inH), outW = StemConvPoolKernel.outSize(inW);
        int plane = inH * inW;
        for (int r = rowBegin; r < rowEnd; ) {
            int n = r / outH, ph0 = r - n * outH;
            int phEnd = Math.min(outH, ph0 + (rowEnd - r));
            int image = inOff + n * cin * plane;
            int outImage = outOff + n * outH * outW * outStride;
            // Conv rows 2*ph - 1 .. 2*ph + 1 feed pool row ph; a band starts at the row it shares with the band above.
            for (int cr = Math.max(0, 2 * ph0 - 1), crEnd = Math.min(convH, 2 * phEnd); cr < crEnd; cr++) {
                int pa = cr / 2;
                // Pool row pa: cr is its middle row (even cr; the first when cr == 0) or its last (odd cr).
                int aRow = pa >= ph0 ? outImage + pa * outW * outStride : -1;
                // Odd cr is also the first row of pool row pa + 1.
                int bRow = (cr & 1) == 1 && pa + 1 < phEnd ? outImage + (pa + 1) * outW * outStride : -1;
                boolean aFirst = cr == 0;
                int ih0 = 2 * cr - 1;
                for (int ow = 0; ow < convW; ow++) {
                    int iw0 = 2 * ow - 1, j = ow >> 1;
                    boolean odd = (ow & 1) == 1, next = odd && j + 1 < outW;
                    for (int m = 0; m < cout; m++) {
                        float acc = p.bias[m];
                        for (int y = 0; y < 3; y++) {
                            int ih = ih0 + y;
                            if (ih < 0 || ih >= inH) continue;
                            for (int k = 0; k < cin; k++) {
                                int row = image + k * plane + ih * inW;
                                int wRow = ((m * cin + k) * 3 + y) * 3;
                                for (int x = 0; x < 3; x++) {
                                    int iw = iw0 + x;
                                    if (iw < 0 || iw >= inW) continue;
                                    acc += in[row + iw] * p.weight[wRow + x];
                                }
                            }
                        }
                        float v = relu ? Math.max(acc, 0f) : acc;
                        // Column ow is the first of pool column j's window only when ow == 0; odd ow also opens j + 1.
                        int col = j * outStride + m;
                        if (aRow >= 0) {
                            fold(out, aRow + col, v, aFirst && ow == 0);
                            if (next) fold(out, aRow + col + outStride, v, aFirst);
                        }
                        if (bRow >= 0) {
                            fold(out, bRow + col, v, ow == 0);
                            if (next) fold(out, bRow + col + outStride, v, true);
                        }
                    }
                }
            }
            r += phEnd - ph0;
        }
    }

    /** The first value of a pool window is stored; later ones are maxed in. */
    private static void fold(float[] out, int i, float v, boolean first) {
        out[i] = first ? v : Math.max(out[i], v);
    }
}
