package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.gemm.GemmEpilogueKernel;

import java.util.Random;

/**
 * A GEMM epilogue against a float reference: a bias add is one rounded float add, ReLU a comparison and the clamp
 * two, so results must match bit for bit. Rows are strided views inside NaN sentinels, with -0.0 and NaN among the
 * values to check that ReLU is {@code x < 0 ? 0 : x}; the clamp (ReLU6 after a native GEMM,
 * {@link GemmEpilogueKernel#addBiasClamp}) and the residual add + ReLU ({@link GemmEpilogueKernel#addResidualRelu})
 * are cases of the same kernel, which has no other name for them.
 */
public final class GemmEpilogueCheck {
    static final int ROWS = 7;
    /** Rows of the clamp's cases. */
    static final int CLAMP_ROWS = 5;
    /** The clamp's bounds: ReLU6, and bounds on both sides of zero. */
    static final float[][] CLAMP_BOUNDS = {{0f, 6f}, {-0.25f, 0.5f}};

    private GemmEpilogueCheck() {}

    /** Per channel count of the sweep: bias and ReLU, the clamp, and the residual add + ReLU. */
    public static void sweep(KernelTally tally, GemmEpilogueKernel k, long seed, boolean quick) {
        for (int m : Views.channelSweep(quick)) {
            Random rnd = new Random(41L * m + seed);
            for (int extra : new int[] {0, 5})
                tally.run(k.name() + " m=" + m + " stride " + (m + extra), () -> checkCase(k, rnd, m, extra));
            sweepClamp(tally, k, new Random(43L * m + seed), m);
            sweepResidual(tally, k, new Random(53L * m + seed), m);
        }
    }

    /** {@link GemmEpilogueKernel#addBiasClamp} at both {@link #CLAMP_BOUNDS}, with and without a bias. */
    public static void sweepClamp(KernelTally tally, GemmEpilogueKernel k, Random rnd, int m) {
        for (float[] bounds : CLAMP_BOUNDS)
            for (boolean withBias : new boolean[] {false, true})
                tally.run(k.name() + " clamp m=" + m + " [" + bounds[0] + ", " + bounds[1] + "]" + (withBias ? " bias" : ""),
                        () -> checkClampCase(k, rnd, m, bounds[0], bounds[1], withBias));
    }

    /** {@link GemmEpilogueKernel#addResidualRelu} on rows as wide as m and 5 wider, with and without a bias. */
    public static void sweepResidual(KernelTally tally, GemmEpilogueKernel k, Random rnd, int m) {
        for (int extra : new int[] {0, 5})
            for (boolean withBias : new boolean[] {false, true})
                tally.run(k.name() + " residual m=" + m + " stride " + (m + extra) + " bias " + withBias,
                        () -> checkResidualCase(k, rnd, m, extra, withBias));
    }

    /** A strided output view of ROWS rows holding random values with -0.0, NaN and exact zeros mixed in. */
    static View values(Random rnd, int m, int offset, int extra) {
        return values(rnd, m, offset, extra, true);
    }

    /** As {@link #values(Random, int, int, int)}; without {@code zeros} no exact +0.0 is mixed in. */
    static View values(Random rnd, int m, int offset, int extra, boolean zeros) {
        View v = Views.input(rnd, m, ROWS, offset, extra);
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++) {
                int pick = rnd.nextInt(8);
                if (pick == 0) v.array()[v.index(r, c)] = -0.0f;
                else if (pick == 1) v.array()[v.index(r, c)] = Float.NaN;
                else if (pick == 2 && zeros) v.array()[v.index(r, c)] = 0.0f;
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

    /**
     * The clamp against {@code x + bias} (without a bias, x), then {@code x > max ? max : x}, then
     * {@code x < min ? min : x}: strided rows with NaN (which must stay NaN), -0.0 and values past both bounds.
     */
    public static void checkClampCase(GemmEpilogueKernel k, Random rnd, int m, float min, float max, boolean withBias) {
        String where = k.name() + " clamp m=" + m + " [" + min + ", " + max + "]" + (withBias ? " bias" : "");
        float[] bias = withBias ? Views.random(rnd, m) : null;
        View before = Views.input(rnd, m, CLAMP_ROWS, 3, 4), out = before.copy();
        for (int r = 0; r < CLAMP_ROWS; r++)
            for (int c = 0; c < m; c++) {
                int i = before.index(r, c), pick = rnd.nextInt(6);
                float v = pick == 0 ? Float.NaN : pick == 1 ? -0.0f : pick == 2 ? 8f * before.array()[i]
                        : before.array()[i];
                before.array()[i] = v;
                out.array()[i] = v;
            }
        k.addBiasClamp(out.array(), out.offset(), out.stride(), CLAMP_ROWS, bias, m, min, max);
        Views.assertUntouchedOutside(out, where);
        for (int r = 0; r < CLAMP_ROWS; r++)
            for (int c = 0; c < m; c++) {
                float x = before.get(r, c);
                if (bias != null) x += bias[c];
                if (x > max) x = max;
                float expected = x < min ? min : x;
                Views.assertBits(expected, out.get(r, c), where + " row " + r + " channel " + c);
            }
    }

    /**
     * The residual add + ReLU against x = relu((x + bias) + res), each add one rounded float add; the bias's first
     * value -0.0; the residual has its own offset and stride inside NaN sentinels and is only read.
     */
    public static void checkResidualCase(GemmEpilogueKernel k, Random rnd, int m, int extra, boolean withBias) {
        String where = k.name() + " residual m=" + m + " stride " + (m + extra) + " bias " + withBias;
        float[] bias = withBias ? Views.random(rnd, m) : null;
        if (withBias) bias[0] = -0.0f;
        View before = values(rnd, m, 3, extra, false), out = before.copy();
        View res = values(rnd, m, 4, extra + 2, false), resAfter = res.copy();
        k.addResidualRelu(out.array(), out.offset(), out.stride(), ROWS, bias, m, resAfter.array(),
                resAfter.offset(), resAfter.stride());
        Views.assertUntouchedOutside(out, where);
        Views.assertSameBits(res, resAfter, where + ": the residual is only read");
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++) {
                float x = withBias ? before.get(r, c) + bias[c] : before.get(r, c);
                float y = x + res.get(r, c);
                Views.assertBits(relu(y), out.get(r, c), where + " row " + r + " channel " + c);
            }
    }
}
