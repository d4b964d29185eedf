package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.gemm.GemmEpilogueKernel;

import java.util.Random;

/**
 * A GEMM epilogue against a float reference: a bias add is one rounded float add and ReLU a comparison, so
 * results must match bit for bit. Rows are strided views inside NaN sentinels, with -0.0 and NaN among the
 * values to check that ReLU is {@code x < 0 ? 0 : x}.
 */
public final class GemmEpilogueCheck {
    static final int ROWS = 7;

    private GemmEpilogueCheck() {}

    public static void sweep(KernelTally tally, GemmEpilogueKernel k, long seed, boolean quick) {
        for (int m : Views.channelSweep(quick)) {
            Random rnd = new Random(41L * m + seed);
            for (int extra : new int[] {0, 5})
                tally.run(k.name() + " m=" + m + " stride " + (m + extra), () -> checkCase(k, rnd, m, extra));
        }
    }

    /** A strided output view of ROWS rows holding random values with -0.0, NaN and exact zeros mixed in. */
    static View values(Random rnd, int m, int offset, int extra) {
        View v = Views.input(rnd, m, ROWS, offset, extra);
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++) {
                int pick = rnd.nextInt(8);
                if (pick == 0) v.array()[v.index(r, c)] = -0.0f;
                else if (pick == 1) v.array()[v.index(r, c)] = Float.NaN;
                else if (pick == 2) v.array()[v.index(r, c)] = 0.0f;
            }
        return v;
    }

    private static float relu(float x) {
        return x < 0f ? 0f : x;
    }

    /** addBias with and without ReLU, relu alone, and fillRows, on views {@code extra} floats wider than m. */
    public static void checkCase(GemmEpilogueKernel k, Random rnd, int m, int extra) {
        String where = k.name() + " m=" + m + " stride " + (m + extra);
        float[] bias = Views.random(rnd, m);
        bias[0] = -0.0f; // -0.0 + -0.0 stays -0.0, which ReLU must keep

        for (boolean relu : new boolean[] {false, true}) {
            View before = values(rnd, m, 3, extra), out = before.copy();
            k.addBias(out.array(), out.offset(), out.stride(), ROWS, bias, m, relu);
            Views.assertUntouchedOutside(out, where + " addBias");
            for (int r = 0; r < ROWS; r++)
                for (int c = 0; c < m; c++) {
                    float x = before.get(r, c) + bias[c];
                    Views.assertBits(relu ? relu(x) : x, out.get(r, c),
                            where + " addBias relu=" + relu + " row " + r + " channel " + c);
                }
        }

        View before = values(rnd, m, 1, extra), out = before.copy();
        k.relu(out.array(), out.offset(), out.stride(), ROWS, m);
        Views.assertUntouchedOutside(out, where + " relu");
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++)
                Views.assertBits(relu(before.get(r, c)), out.get(r, c), where + " relu row " + r + " channel " + c);

        View filled = Views.output(m, ROWS, 2, extra);
        k.fillRows(filled.array(), filled.offset(), filled.stride(), ROWS, bias, m);
        Views.assertUntouchedOutside(filled, where + " fillRows");
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++)
                Views.assertBits(bias[c], filled.get(r, c), where + " fillRows row " + r + " channel " + c);
    }
}
