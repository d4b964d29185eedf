package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.Checks;

/**
 * Argument checks shared by the channel shuffle kernels. Views may live in one array (an arena) but the
 * output views must not overlap the input views: a shuffle is not an in-place operation.
 */
final class ShuffleArgs {
    private ShuffleArgs() {}

    static void checkShuffle(String kernel, int channels, int groups, float[] in, int inOff, int inStride,
                             float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        Checks.positive(kernel, "channels", channels);
        Checks.positive(kernel, "groups", groups);
        if (channels % groups != 0)
            throw new IllegalArgumentException(kernel + ": " + channels + " channels do not split into "
                    + groups + " equal groups");
        checkPixels(kernel, pixelBegin, pixelEnd);
        Checks.view(kernel, "input", in, inOff, inStride, channels, pixelEnd);
        Checks.view(kernel, "output", out, outOff, outStride, channels, pixelEnd);
    }

    static void checkConcatShuffleSplit(String kernel, int half, float[] a, int aOff, int aStride,
                                        float[] b, int bOff, int bStride, float[] lo, int loOff, int loStride,
                                        float[] hi, int hiOff, int hiStride, int pixelBegin, int pixelEnd) {
        Checks.positive(kernel, "half", half);
        checkPixels(kernel, pixelBegin, pixelEnd);
        Checks.view(kernel, "a", a, aOff, aStride, half, pixelEnd);
        Checks.view(kernel, "b", b, bOff, bStride, half, pixelEnd);
        Checks.view(kernel, "lo", lo, loOff, loStride, half, pixelEnd);
        Checks.view(kernel, "hi", hi, hiOff, hiStride, half, pixelEnd);
    }

    private static void checkPixels(String kernel, int pixelBegin, int pixelEnd) {
        if (pixelBegin < 0 || pixelEnd < pixelBegin)
            throw new IllegalArgumentException(kernel + ": pixel range [" + pixelBegin + ", " + pixelEnd
                    + ") is reversed or negative");
    }
}
