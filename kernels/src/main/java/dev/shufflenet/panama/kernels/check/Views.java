package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.KernelRegistry;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * NHWC views for kernel checks, XNNPACK-tester style: every view sits at an offset inside a larger array,
 * may have a pixel stride wider than its channels, and everything around it holds a NaN sentinel. Inputs
 * therefore poison any result that reads outside its view, and outputs prove by the sentinel's exact bit
 * pattern that nothing outside the view was written. Failures are {@link AssertionError}s naming the place.
 */
public final class Views {
    /** A quiet NaN with a payload no arithmetic produces, so "still this bit pattern" means "never written". */
    public static final float SENTINEL = Float.intBitsToFloat(0x7fc0dead);

    /** Unit roundoff of float32: each rounded operation has relative error at most 2^-24. */
    public static final double FLOAT_EPS = 0x1p-24;

    private Views() {}

    /** An NHWC view: channel c of pixel p at {@code offset + p * stride + c}. */
    public record View(float[] array, int offset, int stride, int channels, int pixels) {
        public float get(int pixel, int channel) { return array[offset + pixel * stride + channel]; }

        public int index(int pixel, int channel) { return offset + pixel * stride + channel; }

        /** A same-shaped view over a copy of the array, for comparing two runs. */
        public View copy() { return new View(array.clone(), offset, stride, channels, pixels); }
    }

    /**
     * A view with {@code extraStride} unused floats after each pixel's channels, {@code offset} floats
     * before it and a few after; sentinel everywhere outside, uniform random values in [-1, 1) inside.
     */
    public static View input(Random rnd, int channels, int pixels, int offset, int extraStride) {
        View v = output(channels, pixels, offset, extraStride);
        for (int p = 0; p < pixels; p++)
            for (int c = 0; c < channels; c++) v.array[v.index(p, c)] = rnd.nextFloat() * 2f - 1f;
        return v;
    }

    /** Like {@link #input} but every float holds the sentinel, to be overwritten by a kernel. */
    public static View output(int channels, int pixels, int offset, int extraStride) {
        int stride = channels + extraStride;
        float[] a = new float[offset + pixels * stride + 7];
        Arrays.fill(a, SENTINEL);
        return new View(a, offset, stride, channels, pixels);
    }

    public static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }

    /** Fails unless every float outside the view still holds the sentinel's bits. */
    public static void assertUntouchedOutside(View v, String what) {
        boolean[] inside = new boolean[v.array.length];
        for (int p = 0; p < v.pixels; p++)
            for (int c = 0; c < v.channels; c++) inside[v.index(p, c)] = true;
        for (int i = 0; i < v.array.length; i++)
            if (!inside[i] && Float.floatToRawIntBits(v.array[i]) != Float.floatToRawIntBits(SENTINEL))
                throw new AssertionError(what + ": float " + i + " outside the output view was written: " + v.array[i]);
    }

    /**
     * Asserts {@code |actual - expected| <= terms * 2^-24 * absSum}: a float sum of {@code terms} rounded terms
     * (products or addends, each rounded once, then accumulated one by one) errs by at most
     * (terms - 1) * u * sum|term| from the summation plus u * sum|term| from the products, to first order.
     * The expected value, computed in double, is exact enough not to matter. ReLU and max are 1-Lipschitz,
     * so the bound carries through them.
     */
    public static void assertClose(double expected, double absSum, int terms, float actual, Supplier<String> where) {
        assertWithin(expected, terms * FLOAT_EPS * absSum + Double.MIN_NORMAL, actual, where);
    }

    /**
     * Asserts {@code |actual - expected| <= bound}, and tells the running {@link KernelTally} (if any) the ratio of
     * the error to its bound, so that a self-test can print how close to its bound the worst output came.
     */
    public static void assertWithin(double expected, double bound, float actual, Supplier<String> where) {
        double error = Math.abs(actual - expected);
        KernelTally.recordError(error, bound);
        if (!(error <= bound))
            throw new AssertionError(where.get() + ": expected " + expected + " +- " + bound + " but was " + actual);
    }

    /** Asserts two views hold the same bits everywhere (inside and outside the view). */
    public static void assertSameBits(View expected, View actual, String where) {
        assertSameBits(expected.array, actual.array, where);
    }

    /** Asserts two arrays hold the same bits everywhere (so NaN payloads and the sign of zero count). */
    public static void assertSameBits(float[] expected, float[] actual, String where) {
        if (expected.length != actual.length)
            throw new AssertionError(where + ": array length " + expected.length + " vs " + actual.length);
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                throw new AssertionError(where + ": float " + i + " differs: " + expected[i] + " vs " + actual[i]);
    }

    /** Asserts the same float bits (so NaN payloads and the sign of zero count). */
    public static void assertBits(float expected, float actual, String where) {
        KernelTally.recordError(Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual) ? 0 : 1, 0);
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual))
            throw new AssertionError(where + ": expected " + expected + " but was " + actual);
    }

    /**
     * Channel counts around the vector width: below, at and above one vector, exact multiples 2L and 3L
     * (whole vectors with no tail, and the 3-vector remainder of a 4-vector group), 2L + 3, and
     * ShuffleNet's.
     */
    public static int[] channelSweep() {
        int l = lanes();
        return IntStream.of(1, 3, l - 1, l, l + 1, 2 * l, 2 * l + 3, 3 * l, 24, 58, 116)
                .filter(c -> c > 0).distinct().sorted().toArray();
    }

    /**
     * The quick sweep's channel counts (for emulators): below, at and above one vector, a tail after two, and
     * ShuffleNet's 58. The full {@link #channelSweep} is what the unit tests run.
     */
    public static int[] quickChannelSweep() {
        int l = lanes();
        return IntStream.of(1, l - 1, l, l + 1, 2 * l + 3, 58).filter(c -> c > 0).distinct().sorted().toArray();
    }

    /** {@link #quickChannelSweep} or {@link #channelSweep}. */
    public static int[] channelSweep(boolean quick) {
        return quick ? quickChannelSweep() : channelSweep();
    }

    /**
     * Floats per vector of the kernels' species; without the Vector API module, 8 (the AVX2 width), so that a
     * scalar-only run still sweeps counts around a vector. VectorConfig is touched only when the module is there.
     */
    public static int lanes() {
        return KernelRegistry.vectorApiAvailable() ? LanesHolder.LANES : 8;
    }

    private static final class LanesHolder {
        static final int LANES = dev.shufflenet.panama.kernels.VectorConfig.LANES;
    }
}
