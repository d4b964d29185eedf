package dev.shufflenet.panama.kernels.layout;

import dev.shufflenet.panama.kernels.Checks;

/** Argument checks shared by the layout kernels. */
final class LayoutArgs {
    private LayoutArgs() {}

    static void check(String kernel, int channels, int height, int width, float[] nchw, int nchwOff,
                      float[] nhwc, int nhwcOff, int nhwcStride, int imageBegin, int imageEnd) {
        Checks.positive(kernel, "channels", channels);
        Checks.positive(kernel, "height", height);
        Checks.positive(kernel, "width", width);
        if (imageBegin < 0 || imageEnd < imageBegin)
            throw new IllegalArgumentException(kernel + ": image range [" + imageBegin + ", " + imageEnd
                    + ") is reversed or negative");
        if (imageEnd == imageBegin) return;
        long pixels = (long) height * width;
        // The NCHW side is dense: imageEnd images of C*H*W floats.
        Checks.view(kernel, "NCHW", nchw, nchwOff, channels, channels, imageEnd * pixels);
        Checks.view(kernel, "NHWC", nhwc, nhwcOff, nhwcStride, channels, imageEnd * pixels);
    }
}
