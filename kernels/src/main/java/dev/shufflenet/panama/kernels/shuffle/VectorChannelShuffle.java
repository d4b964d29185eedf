package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Channel shuffles with in-register permutes. In NHWC a g-group shuffle is, per pixel, the interleave of
 * g runs of C/g channels: load L channels of each run and permute them into the g*L interleaved outputs.
 *
 * <ul>
 *   <li>g = 2: one zip per 2L outputs. A zip is two one-source permutes and a blend per output vector:
 *       {@code ShuffleBenchmark} and {@code GroupShuffleBenchmark} measured that 1.5-2x faster than the
 *       two-source {@code selectFrom} on JDK 25, AVX-512 (docs/measurements.md, "Channel shuffle").</li>
 *   <li>g = 4 and 8: rounds of the same zip. zip(zip(r0, r2), zip(r1, r3)) interleaves four runs, since
 *       zipping runs already interleaved as (0, 2) and (1, 3) yields 0, 1, 2, 3; three rounds interleave
 *       eight (0-4, 2-6, 1-5, 3-7, then pairs). log2(g) permutes per output vector.</li>
 *   <li>g = 3 (the paper's default): each output vector is three one-source permutes of the three
 *       loaded vectors, merged by two blends with constant masks.</li>
 * </ul>
 *
 * <p>A run whose length is not a multiple of L ends with one step shifted back to end at the run's end
 * (its overlap is rewritten with the same values), so nothing past the view is read or written. Runs
 * shorter than L, and other group counts, use the scalar loop. The fused v2 op with halves under 2L
 * channels (v2 0.5x's 24 at 16 lanes) uses zips of half-width vectors ({@link HalfWidthZip}) when they
 * fit, else the scalar loop. (One zip of masked full-width loads with a masked store was tried first for
 * those, and lost to the scalar loop; docs/measurements.md.)
 * {@code ShuffleBenchmark} measures both against a plain copy.
 */
public final class VectorChannelShuffle implements ChannelShuffleKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** The shortest run (C/g channels) moved in whole vectors: {@link TargetConfig#shuffleMinRunVectors} vectors. */
    private static final int MIN_RUN = TargetConfigs.current().shuffleMinRunVectors() * L;

    /**
     * g = 3: output vector k holds interleaved positions t = kL + l, from run t % 3, lane t / 3. Per k and
     * run, the permute that brings those lanes into place, and the mask of the lanes runs b and c fill.
     * Separate static finals (not arrays) so that C2 treats them as constants.
     */
    private static final VectorShuffle<Float> A0 = g3Shuffle(0, 0), A1 = g3Shuffle(1, 0), A2 = g3Shuffle(2, 0);
    private static final VectorShuffle<Float> B0 = g3Shuffle(0, 1), B1 = g3Shuffle(1, 1), B2 = g3Shuffle(2, 1);
    private static final VectorShuffle<Float> C0 = g3Shuffle(0, 2), C1 = g3Shuffle(1, 2), C2 = g3Shuffle(2, 2);
    private static final VectorMask<Float> IS_B0 = g3Mask(0, 1), IS_B1 = g3Mask(1, 1), IS_B2 = g3Mask(2, 1);
    private static final VectorMask<Float> IS_C0 = g3Mask(0, 2), IS_C1 = g3Mask(1, 2), IS_C2 = g3Mask(2, 2);

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-shuffle-zip-vector64";
        case 128 -> "f32-shuffle-zip-vector128";
        case 256 -> "f32-shuffle-zip-vector256";
        case 512 -> "f32-shuffle-zip-vector512";
        default -> "f32-shuffle-zip-" + VectorConfig.setName();
    };

    /** The fused v2 concat + shuffle(2) + split, one literal per width. */
    private final String concatShuffleSplitName = switch (VectorConfig.BITS) {
        case 64 -> "f32-concat-shuffle2-split-zip-vector64";
        case 128 -> "f32-concat-shuffle2-split-zip-vector128";
        case 256 -> "f32-concat-shuffle2-split-zip-vector256";
        case 512 -> "f32-concat-shuffle2-split-zip-vector512";
        default -> "f32-concat-shuffle2-split-zip-" + VectorConfig.setName();
    };

    /**
     * zip: lanes 0, 0, 1, 1, ... (low half) or L/2, L/2, L/2+1, ... (high half) of each source, then blend; x's low
     * zip with y is {@code x.rearrange(LOW_SPREAD).blend(y.rearrange(LOW_SPREAD), ODD_LANES)}. Written out at every
     * use, never in a helper: once the half-width GEMM (Float256Vector) ran in the same JVM, the g = 8 rounds' 24
     * helper calls were compiled apart in the no-allocation check's -Xbatch JVM and boxed every vector passed
     * (3.5 KB per call), as the two-run zip's helpers had (see {@code interleave}).
     */
    private static final VectorShuffle<Float> LOW_SPREAD = spread(0), HIGH_SPREAD = spread(L / 2);
    private static final VectorMask<Float> ODD_LANES = oddLanes();

    private static VectorShuffle<Float> spread(int first) {
        int[] lanes = new int[L];
        for (int l = 0; l < L; l++) lanes[l] = first + l / 2;
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static VectorMask<Float> oddLanes() {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l & 1) == 1;
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> g3Shuffle(int k, int run) {
        int[] lanes = new int[L];
        for (int l = 0; l < L; l++) {
            int t = k * L + l;
            lanes[l] = t % 3 == run ? t / 3 : 0; // lanes of other runs are blended over
        }
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static VectorMask<Float> g3Mask(int k, int run) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (k * L + l) % 3 == run;
        return VectorMask.fromArray(S, bits, 0);
    }

    @Override
    public String name() { return name; }

    @Override
    public String concatShuffleSplitName() { return concatShuffleSplitName; }

    @Override
    public void shuffle(int channels, int groups, float[] in, int inOff, int inStride,
                        float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkShuffle(name, channels, groups, in, inOff, inStride, out, outOff, outStride,
                pixelBegin, pixelEnd);
        int perGroup = channels / groups;
        if (!isVectorized(channels, groups)) {
            ScalarChannelShuffle.shuffleLoop(channels, groups, in, inOff, inStride, out, outOff, outStride,
                    pixelBegin, pixelEnd);
            return;
        }
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int i = inOff + p * inStride, o = outOff + p * outStride;
            switch (groups) {
                case 2 -> interleave(in, i, in, i + perGroup, out, o, channels);
                case 3 -> interleave3(in, i, perGroup, out, o);
                case 4 -> interleave4(in, i, perGroup, out, o);
                default -> interleave8(in, i, perGroup, out, o);
            }
        }
    }

    /** Output block of run offset j0: channels [j0 * g, (j0 + L) * g); the last block shifts back to end at per. */
    private static int lastStart(int perGroup) {
        return perGroup - L;
    }

    /** Three runs of perGroup channels at i, i + per, i + 2 per, interleaved into d[o, o + 3 per). */
    private static void interleave3(float[] x, int i, int per, float[] d, int o) {
        for (int j0 = 0; ; j0 += L) {
            if (j0 > lastStart(per)) j0 = lastStart(per);
            FloatVector a = FloatVector.fromArray(S, x, i + j0);
            FloatVector b = FloatVector.fromArray(S, x, i + per + j0);
            FloatVector c = FloatVector.fromArray(S, x, i + 2 * per + j0);
            int q = o + 3 * j0;
            a.rearrange(A0).blend(b.rearrange(B0), IS_B0).blend(c.rearrange(C0), IS_C0).intoArray(d, q);
            a.rearrange(A1).blend(b.rearrange(B1), IS_B1).blend(c.rearrange(C1), IS_C1).intoArray(d, q + L);
            a.rearrange(A2).blend(b.rearrange(B2), IS_B2).blend(c.rearrange(C2), IS_C2).intoArray(d, q + 2 * L);
            if (j0 == lastStart(per)) return;
        }
    }

    /** Four runs interleaved by two rounds of zips: (0, 2) and (1, 3), then those two. */
    private static void interleave4(float[] x, int i, int per, float[] d, int o) {
        for (int j0 = 0; ; j0 += L) {
            if (j0 > lastStart(per)) j0 = lastStart(per);
            FloatVector r0 = FloatVector.fromArray(S, x, i + j0);
            FloatVector r1 = FloatVector.fromArray(S, x, i + per + j0);
            FloatVector r2 = FloatVector.fromArray(S, x, i + 2 * per + j0);
            FloatVector r3 = FloatVector.fromArray(S, x, i + 3 * per + j0);
            FloatVector p0 = r0.rearrange(LOW_SPREAD).blend(r2.rearrange(LOW_SPREAD), ODD_LANES), p1 = r0.rearrange(HIGH_SPREAD).blend(r2.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector q0 = r1.rearrange(LOW_SPREAD).blend(r3.rearrange(LOW_SPREAD), ODD_LANES), q1 = r1.rearrange(HIGH_SPREAD).blend(r3.rearrange(HIGH_SPREAD), ODD_LANES);
            int q = o + 4 * j0;
            p0.rearrange(LOW_SPREAD).blend(q0.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q);
            p0.rearrange(HIGH_SPREAD).blend(q0.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + L);
            p1.rearrange(LOW_SPREAD).blend(q1.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q + 2 * L);
            p1.rearrange(HIGH_SPREAD).blend(q1.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + 3 * L);
            if (j0 == lastStart(per)) return;
        }
    }

    /** Eight runs interleaved by three rounds of zips: (0, 4) (2, 6) (1, 5) (3, 7); then (04, 26) (15, 37); then pairs. */
    private static void interleave8(float[] x, int i, int per, float[] d, int o) {
        for (int j0 = 0; ; j0 += L) {
            if (j0 > lastStart(per)) j0 = lastStart(per);
            FloatVector r0 = FloatVector.fromArray(S, x, i + j0);
            FloatVector r1 = FloatVector.fromArray(S, x, i + per + j0);
            FloatVector r2 = FloatVector.fromArray(S, x, i + 2 * per + j0);
            FloatVector r3 = FloatVector.fromArray(S, x, i + 3 * per + j0);
            FloatVector r4 = FloatVector.fromArray(S, x, i + 4 * per + j0);
            FloatVector r5 = FloatVector.fromArray(S, x, i + 5 * per + j0);
            FloatVector r6 = FloatVector.fromArray(S, x, i + 6 * per + j0);
            FloatVector r7 = FloatVector.fromArray(S, x, i + 7 * per + j0);
            FloatVector z04l = r0.rearrange(LOW_SPREAD).blend(r4.rearrange(LOW_SPREAD), ODD_LANES), z04h = r0.rearrange(HIGH_SPREAD).blend(r4.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector z26l = r2.rearrange(LOW_SPREAD).blend(r6.rearrange(LOW_SPREAD), ODD_LANES), z26h = r2.rearrange(HIGH_SPREAD).blend(r6.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector z15l = r1.rearrange(LOW_SPREAD).blend(r5.rearrange(LOW_SPREAD), ODD_LANES), z15h = r1.rearrange(HIGH_SPREAD).blend(r5.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector z37l = r3.rearrange(LOW_SPREAD).blend(r7.rearrange(LOW_SPREAD), ODD_LANES), z37h = r3.rearrange(HIGH_SPREAD).blend(r7.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector xal = z04l.rearrange(LOW_SPREAD).blend(z26l.rearrange(LOW_SPREAD), ODD_LANES), xah = z04l.rearrange(HIGH_SPREAD).blend(z26l.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector xbl = z04h.rearrange(LOW_SPREAD).blend(z26h.rearrange(LOW_SPREAD), ODD_LANES), xbh = z04h.rearrange(HIGH_SPREAD).blend(z26h.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector yal = z15l.rearrange(LOW_SPREAD).blend(z37l.rearrange(LOW_SPREAD), ODD_LANES), yah = z15l.rearrange(HIGH_SPREAD).blend(z37l.rearrange(HIGH_SPREAD), ODD_LANES);
            FloatVector ybl = z15h.rearrange(LOW_SPREAD).blend(z37h.rearrange(LOW_SPREAD), ODD_LANES), ybh = z15h.rearrange(HIGH_SPREAD).blend(z37h.rearrange(HIGH_SPREAD), ODD_LANES);
            int q = o + 8 * j0;
            xal.rearrange(LOW_SPREAD).blend(yal.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q);
            xal.rearrange(HIGH_SPREAD).blend(yal.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + L);
            xah.rearrange(LOW_SPREAD).blend(yah.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q + 2 * L);
            xah.rearrange(HIGH_SPREAD).blend(yah.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + 3 * L);
            xbl.rearrange(LOW_SPREAD).blend(ybl.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q + 4 * L);
            xbl.rearrange(HIGH_SPREAD).blend(ybl.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + 5 * L);
            xbh.rearrange(LOW_SPREAD).blend(ybh.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, q + 6 * L);
            xbh.rearrange(HIGH_SPREAD).blend(ybh.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, q + 7 * L);
            if (j0 == lastStart(per)) return;
        }
    }

    @Override
    public boolean isVectorized(int channels, int groups) {
        return L >= 2 && groups > 0 && channels % groups == 0 && channels / groups >= MIN_RUN
                && (groups == 2 || groups == 3 || groups == 4 || groups == 8);
    }

    @Override
    public void concatShuffleSplit(int half, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                                   float[] lo, int loOff, int loStride, float[] hi, int hiOff, int hiStride,
                                   int pixelBegin, int pixelEnd) {
        ShuffleArgs.checkConcatShuffleSplit(concatShuffleSplitName, half, a, aOff, aStride, b, bOff, bStride, lo, loOff, loStride,
                hi, hiOff, hiStride, pixelBegin, pixelEnd);
        // lo is shuffled channels [0, half): a[0], b[0], a[1], ...; hi starts at shuffled channel half,
        // which is a[half/2] when half is even and b[(half-1)/2] when it is odd.
        int hiFirst = half >> 1;
        boolean hiStartsWithB = (half & 1) != 0;
        if ((half < 2 * L || L < 2) && HalfWidthZip.fits(half)) {
            for (int p = pixelBegin; p < pixelEnd; p++) {
                int ia = aOff + p * aStride, ib = bOff + p * bStride;
                HalfWidthZip.interleave(a, ia, b, ib, lo, loOff + p * loStride, half);
                if (hiStartsWithB)
                    HalfWidthZip.interleave(b, ib + hiFirst, a, ia + hiFirst + 1, hi, hiOff + p * hiStride, half);
                else HalfWidthZip.interleave(a, ia + hiFirst, b, ib + hiFirst, hi, hiOff + p * hiStride, half);
            }
            return;
        }
        if (half < 2 * L || L < 2) {
            ScalarChannelShuffle.concatShuffleSplitLoop(half, a, aOff, aStride, b, bOff, bStride,
                    lo, loOff, loStride, hi, hiOff, hiStride, pixelBegin, pixelEnd);
            return;
        }
        for (int p = pixelBegin; p < pixelEnd; p++) {
            int ia = aOff + p * aStride, ib = bOff + p * bStride;
            interleave(a, ia, b, ib, lo, loOff + p * loStride, half);
            if (hiStartsWithB) interleave(b, ib + hiFirst, a, ia + hiFirst + 1, hi, hiOff + p * hiStride, half);
            else interleave(a, ia + hiFirst, b, ib + hiFirst, hi, hiOff + p * hiStride, half);
        }
    }

    /**
     * d[dOff + 2t] = x[xOff + t] and d[dOff + 2t + 1] = y[yOff + t], for the n outputs d[dOff, dOff + n);
     * needs n >= 2L. A last block that would pass n is shifted to end at n (its overlap is rewritten with the
     * same values): at an odd start it begins with y[(q-1)/2], followed by x[(q+1)/2].
     *
     * <p>JIT shape: the zip's vectors never leave this method (no zipLo/zipHi/zip helpers here, one load per
     * vector, the tail choosing arrays and offsets, not vectors). With the helpers, one JVM in about 20 (bench,
     * 512 bits) ran every v2 model 2-2.4x slower: JFR's allocation samples had C2-compiled {@code zipLo/zipHi}
     * called from an interpreted {@code zip} and calling {@code Float512Vector.blend}'s bridge method in the
     * interpreter, boxing every vector (docs/measurements.md).
     */
    private static void interleave(float[] x, int xOff, float[] y, int yOff, float[] d, int dOff, int n) {
        int last = n - 2 * L;
        for (int q = 0; q < n; q += 2 * L) {
            boolean tail = q > last;
            if (tail) q = last;
            boolean swap = tail && (q & 1) == 1;
            float[] u = swap ? y : x, v = swap ? x : y;
            int ui = (swap ? yOff : xOff) + (q >> 1), vi = (swap ? xOff + 1 : yOff) + (q >> 1);
            FloatVector vu = FloatVector.fromArray(S, u, ui);
            FloatVector vv = FloatVector.fromArray(S, v, vi);
            vu.rearrange(LOW_SPREAD).blend(vv.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, dOff + q);
            vu.rearrange(HIGH_SPREAD).blend(vv.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, dOff + q + L);
            if (tail) break;
        }
    }
}
