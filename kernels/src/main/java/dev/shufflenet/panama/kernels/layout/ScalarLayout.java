package dev.shufflenet.panama.kernels.layout;

/** The reference layout conversions: a transpose of each image's [C][H*W] to [H*W][C], one float at a time. */
public final class ScalarLayout implements LayoutKernel {
    private static final String NAME = "f32-layout-scalar";

    @Override
    public String name() { return NAME; }

    @Override
    public void nchwToNhwc(int channels, int height, int width, float[] in, int inOff,
                           float[] out, int outOff, int outStride, int imageBegin, int imageEnd) {
        LayoutArgs.check(NAME, channels, height, width, in, inOff, out, outOff, outStride, imageBegin, imageEnd);
        int pixels = height * width;
        for (int n = imageBegin; n < imageEnd; n++) {
            int image = inOff + n * channels * pixels;
            for (int p = 0; p < pixels; p++) {
                int o = outOff + (n * pixels + p) * outStride;
                for (int c = 0; c < channels; c++) out[o + c] = in[image + c * pixels + p];
            }
        }
    }

    @Override
    public void nhwcToNchw(int channels, int height, int width, float[] in, int inOff, int inStride,
                           float[] out, int outOff, int imageBegin, int imageEnd) {
        LayoutArgs.check(NAME, channels, height, width, out, outOff, in, inOff, inStride, imageBegin, imageEnd);
        int pixels = height * width;
        for (int n = imageBegin; n < imageEnd; n++) {
            int image = outOff + n * channels * pixels;
            for (int c = 0; c < channels; c++)
                for (int p = 0; p < pixels; p++)
                    out[image + c * pixels + p] = in[inOff + (n * pixels + p) * inStride + c];
        }
    }
}
