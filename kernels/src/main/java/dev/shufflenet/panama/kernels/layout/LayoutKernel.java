package dev.shufflenet.panama.kernels.layout;

/** Conversions between the API's NCHW tensors and the kernels' NHWC views. */
public interface LayoutKernel {
    String name();

    /** Images [imageBegin, imageEnd) of a dense NCHW array of C x H x W images into an NHWC view. */
    void nchwToNhwc(int channels, int height, int width, float[] in, int inOff,
                    float[] out, int outOff, int outStride, int imageBegin, int imageEnd);

    /** The reverse: an NHWC view into dense NCHW images. */
    void nhwcToNchw(int channels, int height, int width, float[] in, int inOff, int inStride,
                    float[] out, int outOff, int imageBegin, int imageEnd);
}
