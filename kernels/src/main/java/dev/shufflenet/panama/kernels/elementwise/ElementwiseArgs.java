package dev.shufflenet.panama.kernels.elementwise;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the element-wise kernels. */
final class ElementwiseArgs {
    private ElementwiseArgs() {}

    static void checkRange(String kernel, int channels, int begin, int end) {
        Checks.positive(kernel, "channels", channels);
        if (begin < 0 || end < begin)
            throw new IllegalArgumentException(kernel + ": range [" + begin + ", " + end
                    + ") is reversed or negative");
    }

    static void checkUnary(String kernel, int channels, float[] in, int inOff, int inStride,
                           float[] out, int outOff, int outStride, int begin, int end) {
        checkRange(kernel, channels, begin, end);
        Checks.view(kernel, "input", in, inOff, inStride, channels, end);
        Checks.view(kernel, "output", out, outOff, outStride, channels, end);
    }

    static void checkBinary(String kernel, int channels, float[] a, int aOff, int aStride,
                            float[] b, int bOff, int bStride, float[] out, int outOff, int outStride,
                            int begin, int end) {
        checkRange(kernel, channels, begin, end);
        Checks.view(kernel, "a", a, aOff, aStride, channels, end);
        Checks.view(kernel, "b", b, bOff, bStride, channels, end);
        Checks.view(kernel, "output", out, outOff, outStride, channels, end);
    }
}
