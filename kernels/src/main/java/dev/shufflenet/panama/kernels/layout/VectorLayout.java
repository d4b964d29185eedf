package dev.shufflenet.panama.kernels.layout;

import dev.shufflenet.panama.kernels.VectorConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layout conversions with the cases a network meets made fast:
 * <ul>
 *   <li>3 channels, dense NHWC (the RGB input image): L pixels of each plane are loaded and interleaved
 *       into 3 vectors with two two-source selects each (and the reverse for NHWC to NCHW);</li>
 *   <li>a 1x1 image (logits, pooled features): the layouts coincide, so it is a copy per image;</li>
 *   <li>anything else: the scalar transpose.</li>
 * </ul>
 */
public final class VectorLayout implements LayoutKernel {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();
    /** Interleave: out vector k, step 1 takes planes 0 and 1, step 2 adds plane 2. */
    private static final FloatVector[] ZIP3_FIRST = new FloatVector[3], ZIP3_SECOND = new FloatVector[3];
    /** De-interleave: plane c, step 1 takes NHWC vectors 0 and 1, step 2 adds vector 2. */
    private static final FloatVector[] UNZIP3_FIRST = new FloatVector[3], UNZIP3_SECOND = new FloatVector[3];

    static {
        for (int k = 0; k < 3; k++) {
            float[] first = new float[L], second = new float[L];
            for (int l = 0; l < L; l++) {
                int m = k * L + l, plane = m % 3, pixel = m / 3;
                first[l] = plane == 0 ? pixel : plane == 1 ? L + pixel : 0;
                second[l] = plane == 2 ? L + pixel : l;
            }
            ZIP3_FIRST[k] = FloatVector.fromArray(S, first, 0);
            ZIP3_SECOND[k] = FloatVector.fromArray(S, second, 0);
        }
        for (int c = 0; c < 3; c++) {
            float[] first = new float[L], second = new float[L];
            for (int l = 0; l < L; l++) {
                int m = 3 * l + c, vector = m / L, lane = m % L;
                first[l] = vector == 0 ? lane : vector == 1 ? L + lane : 0;
                second[l] = vector == 2 ? L + lane : l;
            }
            UNZIP3_FIRST[c] = FloatVector.fromArray(S, first, 0);
            UNZIP3_SECOND[c] = FloatVector.fromArray(S, second, 0);
        }
    }

    /** One literal per vector width, so that a printed name leads here by grep. */
    private final String name = switch (VectorConfig.BITS) {
        case 64 -> "f32-layout-vector64";
        case 128 -> "f32-layout-vector128";
        case 256 -> "f32-layout-vector256";
        case 512 -> "f32-layout-vector512";
        default -> "f32-layout-" + VectorConfig.setName();
    };

    @Override
    public String name() { return name; }

    @Override
    public void nchwToNhwc(int channels, int height, int width, float[] in, int inOff,
                           float[] out, int outOff, int outStride, int imageBegin, int imageEnd) {
        LayoutArgs.check(name, channels, height, width, in, inOff, out, outOff, outStride, imageBegin, imageEnd);
        int pixels = height * width;
        for (int n = imageBegin; n < imageEnd; n++) {
            int image = inOff + n * channels * pixels;
            int o = outOff + n * pixels * outStride;
            if (pixels == 1) {
                System.arraycopy(in, image, out, o, channels);
                continue;
            }
            int p = 0;
            if (channels == 3 && outStride == 3) {
                FloatVector f0 = ZIP3_FIRST[0], f1 = ZIP3_FIRST[1], f2 = ZIP3_FIRST[2];
                FloatVector s0 = ZIP3_SECOND[0], s1 = ZIP3_SECOND[1], s2 = ZIP3_SECOND[2];
                for (; p <= pixels - L; p += L) {
                    FloatVector r = FloatVector.fromArray(S, in, image + p);
                    FloatVector g = FloatVector.fromArray(S, in, image + pixels + p);
                    FloatVector b = FloatVector.fromArray(S, in, image + 2 * pixels + p);
                    int d = o + 3 * p;
                    s0.selectFrom(f0.selectFrom(r, g), b).intoArray(out, d);
                    s1.selectFrom(f1.selectFrom(r, g), b).intoArray(out, d + L);
                    s2.selectFrom(f2.selectFrom(r, g), b).intoArray(out, d + 2 * L);
                }
            }
            for (; p < pixels; p++)
                for (int c = 0; c < channels; c++) out[o + p * outStride + c] = in[image + c * pixels + p];
        }
    }

    @Override
    public void nhwcToNchw(int channels, int height, int width, float[] in, int inOff, int inStride,
                           float[] out, int outOff, int imageBegin, int imageEnd) {
        LayoutArgs.check(name, channels, height, width, out, outOff, in, inOff, inStride, imageBegin, imageEnd);
        int pixels = height * width;
        for (int n = imageBegin; n < imageEnd; n++) {
            int image = outOff + n * channels * pixels;
            int i = inOff + n * pixels * inStride;
            if (pixels == 1) {
                System.arraycopy(in, i, out, image, channels);
                continue;
            }
            int p = 0;
            if (channels == 3 && inStride == 3) {
                FloatVector f0 = UNZIP3_FIRST[0], f1 = UNZIP3_FIRST[1], f2 = UNZIP3_FIRST[2];
                FloatVector s0 = UNZIP3_SECOND[0], s1 = UNZIP3_SECOND[1], s2 = UNZIP3_SECOND[2];
                for (; p <= pixels - L; p += L) {
                    int src = i + 3 * p;
                    FloatVector v0 = FloatVector.fromArray(S, in, src);
                    FloatVector v1 = FloatVector.fromArray(S, in, src + L);
                    FloatVector v2 = FloatVector.fromArray(S, in, src + 2 * L);
                    s0.selectFrom(f0.selectFrom(v0, v1), v2).intoArray(out, image + p);
                    s1.selectFrom(f1.selectFrom(v0, v1), v2).intoArray(out, image + pixels + p);
                    s2.selectFrom(f2.selectFrom(v0, v1), v2).intoArray(out, image + 2 * pixels + p);
                }
            }
            for (int c = 0; c < channels; c++)
                for (int q = p; q < pixels; q++) out[image + c * pixels + q] = in[i + q * inStride + c];
        }
    }
}
