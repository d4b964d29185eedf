package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Channel shuffles with two-vector permutes. In NHWC a 2-group shuffle is, per pixel, the interleave of
 * two runs of channels: load L channels of each run, and two two-source selects (one permute instruction
 * each on AVX-512) produce the 2L interleaved outputs.
 *
 * <p>A run whose interleaved length n is not a multiple of 2L ends with one step shifted back to end at
 * n (its overlap is rewritten with the same values; an odd shift swaps the roles of the two runs), so
 * nothing past the view is read or written. Runs shorter than 2L, and shuffles with other than 2 groups,
 * use the scalar loop.
 */
public final class VectorChannelShuffle implements ChannelShuffleKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** Indices for selectFrom(x, y): 0..L-1 pick x's lanes, L..2L-1 pick y's. */
    private static final FloatVector ZIP_LOW = zipIndices(0);
    private static final FloatVector ZIP_HIGH = zipIndices(L / 2);

    private final String name = "f32-shuffle-zip-" + VectorConfig.isaSuffix();

    private static FloatVector zipIndices(int first) {
        float[] idx = new float[L];
        for (int i = 0; i < L / 2; i++) {
            idx[2 * i] = first + i;
            idx[2 * i + 1] = L + first + i;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    @Override
    public String name() { return name; }

    @Override
    public void shuffle(int channels, int groups, float[] in, int inOff, int inStride,
                        float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkShuffle(name, channels, groups, in, inOff, inStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
        if (groups != 2 || channels < 2 * L || L < 2) {
            ScalarChannelShuffle.shuffleLoop(channels, groups, in, inOff, inStride, out, outOff, outStride,
                    pixelBegin, pixelEnd);
            return;
        }
        int perGroup = channels / 2;
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int i = inOff + p * inStride;
            interleave(in, i, in, i + perGroup, out, outOff + p * outStride, channels);
        }
    }

    @Override
    public void concatShuffleSplit(int half, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                                   float[] lo, int loOff, int loStride, float[] hi, int hiOff, int hiStride,
                                   int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkConcatShuffleSplit(name, half, a, aOff, aStride, b, bOff, bStride, lo, loOff, loStride,
                hi, hiOff, hiStride, pixelBegin, pixelEnd);
        if (half < 2 * L || L < 2) {
            ScalarChannelShuffle.concatShuffleSplitLoop(half, a, aOff, aStride, b, bOff, bStride,
                    lo, loOff, loStride, hi, hiOff, hiStride, pixelBegin, pixelEnd);
            return;
        }
        // lo is shuffled channels [0, half): a[0], b[0], a[1], ...; hi starts at shuffled channel half,
        // which is a[half/2] when half is even and b[(half-1)/2] when it is odd.
        int hiFirst = half >> 1;
        boolean hiStartsWithB = (half & 1) != 0;
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int ia = aOff + p * aStride, ib = bOff + p * bStride;
            interleave(a, ia, b, ib, lo, loOff + p * loStride, half);
            if (hiStartsWithB) interleave(b, ib + hiFirst, a, ia + hiFirst + 1, hi, hiOff + p * hiStride, half);
            else interleave(a, ia + hiFirst, b, ib + hiFirst, hi, hiOff + p * hiStride, half);
        }
    }

    /**
     * d[dOff + 2t] = x[xOff + t] and d[dOff + 2t + 1] = y[yOff + t], for the n outputs d[dOff, dOff + n);
     * needs n >= 2L.
     */
    private static void interleave(float[] x, int xOff, float[] y, int yOff, float[] d, int dOff, int n) {
        int q = 0;
        for (; q + 2 * L <= n; q += 2 * L) zip(x, xOff + (q >> 1), y, yOff + (q >> 1), d, dOff + q);
        if (q < n) {
            q = n - 2 * L;
            // Output q is x[q/2] when q is even; when odd it is y[(q-1)/2], followed by x[(q+1)/2].
            if ((q & 1) == 0) zip(x, xOff + (q >> 1), y, yOff + (q >> 1), d, dOff + q);
            else zip(y, yOff + (q >> 1), x, xOff + (q >> 1) + 1, d, dOff + q);
        }
    }

    private static void zip(float[] x, int xi, float[] y, int yi, float[] d, int di) {
        FloatVector vx = FloatVector.fromArray(S, x, xi);
        FloatVector vy = FloatVector.fromArray(S, y, yi);
        ZIP_LOW.selectFrom(vx, vy).intoArray(d, di);
        ZIP_HIGH.selectFrom(vx, vy).intoArray(d, di + L);
    }
}
