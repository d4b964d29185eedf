package dev.shufflenet.panama.kernels.shuffle;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.TestViews.View;
import dev.shufflenet.panama.kernels.VectorConfig;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shuffles only move floats, so every output must equal one exact input value. The reference here is
 * the logical NCHW definition: reshape to [g][C/g], transpose to [C/g][g], flatten.
 */
class ChannelShuffleTest {
    private static final int PIXELS = 7;

    /** Half sizes for the v2 fused op: around one and two vectors, odd ones, and ShuffleNet's. */
    private static int[] halves() {
        int l = VectorConfig.LANES;
        return IntStream.of(1, 2, 3, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 1, 2 * l + 3, 24, 58, 61, 116, 122)
                .filter(h -> h > 0).distinct().sorted().toArray();
    }

    @Test
    void shuffleMatchesReshapeTranspose() {
        int l = VectorConfig.LANES;
        java.util.List<int[]> cases = new java.util.ArrayList<>(java.util.List.of(new int[][] {{2, 2}, {6, 3},
                {2 * l, 2}, {2 * l + 2, 2}, {4 * l, 2}, {4 * l + 6, 2}, {116, 2}, {240, 3}, {272, 4}, {384, 8},
                {12, 1}, {12, 12}, {30, 5}}));
        // The vectorized group counts, with runs below, at and above the lane count, and v1's 20 and 12.
        for (int g : new int[] {3, 4, 8})
            for (int per : new int[] {1, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 3, 12, 20})
                if (per > 0) cases.add(new int[] {g * per, g});
        int[][] channelsAndGroups = cases.toArray(new int[0][]);
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(11);
            for (int[] cg : channelsAndGroups) {
                int c = cg[0], g = cg[1];
                View in = TestViews.input(rnd, c, PIXELS, 3, 5);
                View out = TestViews.output(c, PIXELS, 1, 2);
                String where = set.shuffle().name() + " C=" + c + " g=" + g;
                // Pixels [3, 7) then [0, 3): ranges must compose.
                set.shuffle().shuffle(c, g, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                        out.stride(), 3, PIXELS);
                set.shuffle().shuffle(c, g, in.array(), in.offset(), in.stride(), out.array(), out.offset(),
                        out.stride(), 0, 3);
                TestViews.assertUntouchedOutside(out, where);
                int perGroup = c / g;
                for (int p = 0; p < PIXELS; p++)
                    for (int gi = 0; gi < g; gi++)
                        for (int j = 0; j < perGroup; j++)
                            TestViews.assertBits(in.get(p, gi * perGroup + j), out.get(p, j * g + gi),
                                    where + " pixel " + p + " group " + gi + " index " + j);
            }
        }
    }

    @Test
    void concatShuffleSplitMatchesConcatThenShuffleThenSplit() {
        for (KernelSet set : KernelRegistry.all()) {
            Random rnd = new Random(12);
            for (int half : halves()) {
                // a and b are slices of one wider tensor (stride > half), lo and hi of another, as in a plan.
                View a = TestViews.input(rnd, half, PIXELS, 2, 3);
                View b = TestViews.input(rnd, half, PIXELS, 0, 1);
                View lo = TestViews.output(half, PIXELS, 4, 0);
                View hi = TestViews.output(half, PIXELS, 1, 5);
                ChannelShuffleKernel k = set.shuffle();
                k.concatShuffleSplit(half, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(),
                        lo.array(), lo.offset(), lo.stride(), hi.array(), hi.offset(), hi.stride(), 0, 4);
                k.concatShuffleSplit(half, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(),
                        lo.array(), lo.offset(), lo.stride(), hi.array(), hi.offset(), hi.stride(), 4, PIXELS);
                String where = k.name() + " half=" + half;
                TestViews.assertUntouchedOutside(lo, where + " lo");
                TestViews.assertUntouchedOutside(hi, where + " hi");
                for (int p = 0; p < PIXELS; p++) {
                    // Concatenate, shuffle with 2 groups by the definition, split.
                    float[] concat = new float[2 * half];
                    for (int i = 0; i < half; i++) {
                        concat[i] = a.get(p, i);
                        concat[half + i] = b.get(p, i);
                    }
                    float[] shuffled = new float[2 * half];
                    for (int gi = 0; gi < 2; gi++)
                        for (int j = 0; j < half; j++) shuffled[j * 2 + gi] = concat[gi * half + j];
                    for (int i = 0; i < half; i++) {
                        TestViews.assertBits(shuffled[i], lo.get(p, i), where + " lo pixel " + p + " channel " + i);
                        TestViews.assertBits(shuffled[half + i], hi.get(p, i), where + " hi pixel " + p + " channel " + i);
                    }
                }
            }
        }
    }


    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            ChannelShuffleKernel k = set.shuffle();
            float[] in = new float[10 * 4], out = new float[10 * 4];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.shuffle(10, 3, in, 0, 10, out, 0, 10, 0, 4));
            assertTrue(e.getMessage().contains("10") && e.getMessage().contains("3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.shuffle(10, 2, in, 0, 10, new float[39], 0, 10, 0, 4));
            assertTrue(e.getMessage().contains("40") && e.getMessage().contains("39"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.concatShuffleSplit(5, in, 0, 4, in, 5, 10, out, 0, 10, out, 5, 10, 0, 4));
            assertTrue(e.getMessage().contains("pixelStride 4"), e.getMessage());
        }
    }
}
