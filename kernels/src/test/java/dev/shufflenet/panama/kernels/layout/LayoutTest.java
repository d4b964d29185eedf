package dev.shufflenet.panama.kernels.layout;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.TestViews.View;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Layout conversions move floats, so they are checked bit for bit against the index definitions. */
class LayoutTest {
    /** channels, height, width: the RGB input (dense fast path), pooled 1x1 features, odd shapes. */
    private static final int[][] SHAPES = {{3, 17, 19}, {3, 32, 32}, {3, 1, 5}, {1000, 1, 1}, {1, 4, 4},
            {5, 3, 7}, {58, 7, 7}};

    @Test
    void nchwToNhwcAndBack() {
        for (KernelSet set : KernelRegistry.all()) {
            LayoutKernel k = set.layout();
            Random rnd = new Random(31);
            for (int[] s : SHAPES) {
                int c = s[0], h = s[1], w = s[2], images = 3, pixels = h * w;
                for (int extra : new int[] {0, 2}) {
                    String where = k.name() + " " + c + "x" + h + "x" + w + " NHWC stride " + (c + extra);
                    int nchwOff = 5;
                    float[] nchw = new float[nchwOff + images * c * pixels + 3];
                    Arrays.fill(nchw, TestViews.SENTINEL);
                    for (int i = 0; i < images * c * pixels; i++) nchw[nchwOff + i] = rnd.nextFloat();
                    View nhwc = TestViews.output(c, images * pixels, 4, extra);
                    k.nchwToNhwc(c, h, w, nchw, nchwOff, nhwc.array(), nhwc.offset(), nhwc.stride(), 1, images);
                    k.nchwToNhwc(c, h, w, nchw, nchwOff, nhwc.array(), nhwc.offset(), nhwc.stride(), 0, 1);
                    TestViews.assertUntouchedOutside(nhwc, where);
                    for (int n = 0; n < images; n++)
                        for (int ch = 0; ch < c; ch++)
                            for (int p = 0; p < pixels; p++)
                                TestViews.assertBits(nchw[nchwOff + (n * c + ch) * pixels + p], nhwc.get(n * pixels + p, ch),
                                        where + " image " + n + " channel " + ch + " pixel " + p);

                    float[] back = new float[nchw.length];
                    Arrays.fill(back, TestViews.SENTINEL);
                    k.nhwcToNchw(c, h, w, nhwc.array(), nhwc.offset(), nhwc.stride(), back, nchwOff, 0, 2);
                    k.nhwcToNchw(c, h, w, nhwc.array(), nhwc.offset(), nhwc.stride(), back, nchwOff, 2, images);
                    for (int i = 0; i < nchw.length; i++) TestViews.assertBits(nchw[i], back[i], where + " round trip float " + i);
                }
            }
        }
    }


    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            LayoutKernel k = set.layout();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.nchwToNhwc(3, 4, 4, new float[47], 0, new float[48], 0, 3, 0, 1));
            assertTrue(e.getMessage().contains("48") && e.getMessage().contains("47"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.nhwcToNchw(3, 4, 4, new float[48], 0, 2, new float[48], 0, 0, 1));
            assertTrue(e.getMessage().contains("pixelStride 2"), e.getMessage());
        }
    }
}
