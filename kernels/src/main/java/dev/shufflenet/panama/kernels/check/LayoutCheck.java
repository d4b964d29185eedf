package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.layout.LayoutKernel;

import java.util.Arrays;
import java.util.Random;

/** Layout conversions move floats, so they are checked bit for bit against the index definitions. */
public final class LayoutCheck {
    /** channels, height, width: the RGB input (dense fast path), pooled 1x1 features, odd shapes. */
    public static final int[][] SHAPES = {{3, 17, 19}, {3, 32, 32}, {3, 1, 5}, {1000, 1, 1}, {1, 4, 4},
            {5, 3, 7}, {58, 7, 7}};

    private LayoutCheck() {}

    public static void sweep(KernelTally tally, LayoutKernel k) {
        Random rnd = new Random(31);
        for (int[] s : SHAPES)
            for (int extra : new int[] {0, 2})
                tally.run(k.name() + " " + s[0] + "x" + s[1] + "x" + s[2] + " NHWC stride " + (s[0] + extra),
                        () -> checkRoundTrip(k, rnd, s[0], s[1], s[2], extra));
    }

    /** NCHW to a strided NHWC view (images [1, 3) then [0, 1)) and back (images [0, 2) then [2, 3)), bit for bit. */
    public static void checkRoundTrip(LayoutKernel k, Random rnd, int c, int h, int w, int extra) {
        int images = 3, pixels = h * w;
        String where = k.name() + " " + c + "x" + h + "x" + w + " NHWC stride " + (c + extra);
        int nchwOff = 5;
        float[] nchw = new float[nchwOff + images * c * pixels + 3];
        Arrays.fill(nchw, Views.SENTINEL);
        for (int i = 0; i < images * c * pixels; i++) nchw[nchwOff + i] = rnd.nextFloat();
        View nhwc = Views.output(c, images * pixels, 4, extra);
        k.nchwToNhwc(c, h, w, nchw, nchwOff, nhwc.array(), nhwc.offset(), nhwc.stride(), 1, images);
        k.nchwToNhwc(c, h, w, nchw, nchwOff, nhwc.array(), nhwc.offset(), nhwc.stride(), 0, 1);
        Views.assertUntouchedOutside(nhwc, where);
        for (int n = 0; n < images; n++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < pixels; p++)
                    Views.assertBits(nchw[nchwOff + (n * c + ch) * pixels + p], nhwc.get(n * pixels + p, ch),
                            where + " image " + n + " channel " + ch + " pixel " + p);

        float[] back = new float[nchw.length];
        Arrays.fill(back, Views.SENTINEL);
        k.nhwcToNchw(c, h, w, nhwc.array(), nhwc.offset(), nhwc.stride(), back, nchwOff, 0, 2);
        k.nhwcToNchw(c, h, w, nhwc.array(), nhwc.offset(), nhwc.stride(), back, nchwOff, 2, images);
        for (int i = 0; i < nchw.length; i++) Views.assertBits(nchw[i], back[i], where + " round trip float " + i);
    }
}
