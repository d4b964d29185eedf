package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.TestViews.View;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered GEMM epilogue against a float reference written here: a bias add is one rounded float
 * add and ReLU a comparison, so results must match bit for bit. Rows are strided views (another tensor's
 * channels between them) inside NaN sentinels, with -0.0 and NaN among the values to check that ReLU is
 * {@code x < 0 ? 0 : x}.
 */
class GemmEpilogueTest {
    private static final int ROWS = 7;

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    /** A strided output view of ROWS rows holding random values with -0.0, NaN and exact zeros mixed in. */
    private static View values(Random rnd, int m, int offset, int extra) {
        View v = TestViews.input(rnd, m, ROWS, offset, extra);
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

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void biasAndReluMatchTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        Random rnd = new Random(41L * m + setName.hashCode());
        for (int extra : new int[] {0, 5}) {
            String where = k.name() + " m=" + m + " stride " + (m + extra);
            float[] bias = TestViews.random(rnd, m);
            bias[0] = -0.0f; // -0.0 + -0.0 stays -0.0, which ReLU must keep

            for (boolean relu : new boolean[] {false, true}) {
                View before = values(rnd, m, 3, extra), out = before.copy();
                k.addBias(out.array(), out.offset(), out.stride(), ROWS, bias, m, relu);
                TestViews.assertUntouchedOutside(out, where + " addBias");
                for (int r = 0; r < ROWS; r++)
                    for (int c = 0; c < m; c++) {
                        float x = before.get(r, c) + bias[c];
                        TestViews.assertBits(relu ? relu(x) : x, out.get(r, c),
                                where + " addBias relu=" + relu + " row " + r + " channel " + c);
                    }
            }

            View before = values(rnd, m, 1, extra), out = before.copy();
            k.relu(out.array(), out.offset(), out.stride(), ROWS, m);
            TestViews.assertUntouchedOutside(out, where + " relu");
            for (int r = 0; r < ROWS; r++)
                for (int c = 0; c < m; c++)
                    TestViews.assertBits(relu(before.get(r, c)), out.get(r, c), where + " relu row " + r + " channel " + c);

            View filled = TestViews.output(m, ROWS, 2, extra);
            k.fillRows(filled.array(), filled.offset(), filled.stride(), ROWS, bias, m);
            TestViews.assertUntouchedOutside(filled, where + " fillRows");
            for (int r = 0; r < ROWS; r++)
                for (int c = 0; c < m; c++)
                    TestViews.assertBits(bias[c], filled.get(r, c), where + " fillRows row " + r + " channel " + c);
        }
    }

    @Test
    void rejectsViewsThatDoNotFitNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            GemmEpilogueKernel k = set.gemmEpilogue();
            // 3 rows of 5 values, 8 apart, from 2: the last value is float 2 + 2 * 8 + 5 = 23.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.relu(new float[22], 2, 8, 3, 5));
            assertTrue(e.getMessage().startsWith(k.name() + ": output view needs 23 floats")
                    && e.getMessage().contains("holds 22"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.addBias(new float[40], 0, 8, 3, new float[4], 5, true));
            assertTrue(e.getMessage().equals(k.name() + ": bias must hold at least 5 floats, found 4"), e.getMessage());
        }
    }
}
