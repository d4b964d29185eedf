package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The zip interleave of {@link VectorChannelShuffle} on vectors of half the configured width, for runs too
 * short for full vectors: ShuffleNet v2 0.5x's 24-channel halves, which at 16 lanes are under the two
 * vectors a full-width zip needs, and fit 8-lane zips. Separate static constants, since C2 folds only
 * constant species and shuffles. Used where the target enables it ({@link TargetConfig#halfWidthZip}:
 * species of 256 bits and up, whose halves have at least 4 lanes).
 */
final class HalfWidthZip {
    private static final boolean ENABLED = TargetConfigs.current().halfWidthZip() && VectorConfig.LANES >= 8;
    private static final VectorSpecies<Float> H = ENABLED
            ? FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(VectorConfig.BITS / 2))
            : VectorConfig.SPECIES;
    /** Lanes of the half-width vectors; 0 where they are not used. */
    static final int LANES = ENABLED ? H.length() : 0;
    private static final VectorShuffle<Float> LOW_SPREAD = spread(0), HIGH_SPREAD = spread(H.length() / 2);
    private static final VectorMask<Float> ODD_LANES = oddLanes();

    private HalfWidthZip() {}

    private static VectorShuffle<Float> spread(int first) {
        int[] lanes = new int[H.length()];
        for (int l = 0; l < lanes.length; l++) lanes[l] = first + l / 2;
        return VectorShuffle.fromArray(H, lanes, 0);
    }

    private static VectorMask<Float> oddLanes() {
        boolean[] bits = new boolean[H.length()];
        for (int l = 0; l < bits.length; l++) bits[l] = (l & 1) == 1;
        return VectorMask.fromArray(H, bits, 0);
    }

    /** Whether n interleaved outputs can be written with half-width zips: n >= 2 half-width vectors. */
    static boolean fits(int n) {
        return LANES >= 4 && n >= 2 * LANES;
    }

    /**
     * d[dOff + 2t] = x[xOff + t] and d[dOff + 2t + 1] = y[yOff + t] for the n outputs d[dOff, dOff + n),
     * with the same shifted last step as {@link VectorChannelShuffle}; needs {@link #fits}(n).
     */
    static void interleave(float[] x, int xOff, float[] y, int yOff, float[] d, int dOff, int n) {
        int l = LANES, q = 0;
        for (; q + 2 * l <= n; q += 2 * l) zip(x, xOff + (q >> 1), y, yOff + (q >> 1), d, dOff + q);
        if (q < n) {
            q = n - 2 * l;
            if ((q & 1) == 0) zip(x, xOff + (q >> 1), y, yOff + (q >> 1), d, dOff + q);
            else zip(y, yOff + (q >> 1), x, xOff + (q >> 1) + 1, d, dOff + q);
        }
    }

    private static void zip(float[] x, int xi, float[] y, int yi, float[] d, int di) {
        FloatVector vx = FloatVector.fromArray(H, x, xi);
        FloatVector vy = FloatVector.fromArray(H, y, yi);
        vx.rearrange(LOW_SPREAD).blend(vy.rearrange(LOW_SPREAD), ODD_LANES).intoArray(d, di);
        vx.rearrange(HIGH_SPREAD).blend(vy.rearrange(HIGH_SPREAD), ODD_LANES).intoArray(d, di + LANES);
    }
}
