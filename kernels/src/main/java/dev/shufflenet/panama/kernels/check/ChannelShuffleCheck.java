package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Shuffles only move floats, so every output must equal one exact input value. The reference is the logical
 * NCHW definition: reshape to [g][C/g], transpose to [C/g][g], flatten.
 */
public final class ChannelShuffleCheck {
    static final int PIXELS = 7;

    private ChannelShuffleCheck() {}

    public static void sweep(KernelTally tally, ChannelShuffleKernel kernel) {
        Random rnd = new Random(11);
        for (int[] cg : channelsAndGroups())
            tally.run(kernel.name() + " C=" + cg[0] + " g=" + cg[1], () -> checkShuffle(kernel, rnd, cg[0], cg[1]));
        Random rnd2 = new Random(12);
        for (int half : halves())
            tally.run(kernel.concatShuffleSplitName() + " half=" + half, () -> checkConcatShuffleSplit(kernel, rnd2, half));
    }

    /** (channels, groups): v2's 2 groups, v1's 3, 4 and 8 with runs below, at and above the lane count, odd ones. */
    public static List<int[]> channelsAndGroups() {
        int l = Views.lanes();
        List<int[]> cases = new ArrayList<>(List.of(new int[][] {{2, 2}, {6, 3},
                {2 * l, 2}, {2 * l + 2, 2}, {4 * l, 2}, {4 * l + 6, 2}, {116, 2}, {240, 3}, {272, 4}, {384, 8},
                {12, 1}, {12, 12}, {30, 5}}));
        for (int g : new int[] {3, 4, 8})
            for (int per : new int[] {1, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 3, 12, 20})
                if (per > 0) cases.add(new int[] {g * per, g});
        return cases;
    }

    /** Half sizes for the v2 fused op: around one and two vectors, odd ones, and ShuffleNet's. */
    public static int[] halves() {
        int l = Views.lanes();
        return IntStream.of(1, 2, 3, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 1, 2 * l + 3, 24, 58, 61, 116, 122)
                .filter(h -> h > 0).distinct().sorted().toArray();
    }

    /** Pixels [3, 7) then [0, 3) of a strided view: every output the input of the definition, bit for bit. */
    public static void checkShuffle(ChannelShuffleKernel kernel, Random rnd, int c, int g) {
        View in = Views.input(rnd, c, PIXELS, 3, 5);
        View out = Views.output(c, PIXELS, 1, 2);
        String where = kernel.name() + " C=" + c + " g=" + g;
        kernel.shuffle(c, g, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 3, PIXELS);
        kernel.shuffle(c, g, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 0, 3);
        Views.assertUntouchedOutside(out, where);
        int perGroup = c / g;
        for (int p = 0; p < PIXELS; p++)
            for (int gi = 0; gi < g; gi++)
                for (int j = 0; j < perGroup; j++)
                    Views.assertBits(in.get(p, gi * perGroup + j), out.get(p, j * g + gi),
                            where + " pixel " + p + " group " + gi + " index " + j);
    }

    /** a and b slices of one wider tensor, lo and hi of another: concatenate, shuffle by the definition, split. */
    public static void checkConcatShuffleSplit(ChannelShuffleKernel k, Random rnd, int half) {
        View a = Views.input(rnd, half, PIXELS, 2, 3);
        View b = Views.input(rnd, half, PIXELS, 0, 1);
        View lo = Views.output(half, PIXELS, 4, 0);
        View hi = Views.output(half, PIXELS, 1, 5);
        k.concatShuffleSplit(half, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(),
                lo.array(), lo.offset(), lo.stride(), hi.array(), hi.offset(), hi.stride(), 0, 4);
        k.concatShuffleSplit(half, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(),
                lo.array(), lo.offset(), lo.stride(), hi.array(), hi.offset(), hi.stride(), 4, PIXELS);
        String where = k.concatShuffleSplitName() + " half=" + half;
        Views.assertUntouchedOutside(lo, where + " lo");
        Views.assertUntouchedOutside(hi, where + " hi");
        for (int p = 0; p < PIXELS; p++) {
            float[] concat = new float[2 * half];
            for (int i = 0; i < half; i++) {
                concat[i] = a.get(p, i);
                concat[half + i] = b.get(p, i);
            }
            float[] shuffled = new float[2 * half];
            for (int gi = 0; gi < 2; gi++)
                for (int j = 0; j < half; j++) shuffled[j * 2 + gi] = concat[gi * half + j];
            for (int i = 0; i < half; i++) {
                Views.assertBits(shuffled[i], lo.get(p, i), where + " lo pixel " + p + " channel " + i);
                Views.assertBits(shuffled[half + i], hi.get(p, i), where + " hi pixel " + p + " channel " + i);
            }
        }
    }
}
