package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.Views;
import dev.shufflenet.panama.kernels.check.Views.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GemmEpilogueKernel#addResidualRelu} (the pass a BLAS product gets in a ShuffleNet v1 stride-1 unit)
 * of every registered kernel set against a float reference written here: x = relu((x + bias) + res), each add
 * one rounded float add, so bit for bit; with and without the bias, on strided rows and a residual with its
 * own offset and stride inside NaN sentinels, with -0.0 and NaN among the values.
 */
class GemmEpilogueResidualTest {
    private static final int ROWS = 7;

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    private static View values(Random rnd, int m, int offset, int extra) {
        View v = Views.input(rnd, m, ROWS, offset, extra);
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < m; c++) {
                int pick = rnd.nextInt(8);
                if (pick == 0) v.array()[v.index(r, c)] = -0.0f;
                else if (pick == 1) v.array()[v.index(r, c)] = Float.NaN;
            }
        return v;
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void matchesTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        Random rnd = new Random(53L * m + setName.hashCode());
        for (int extra : new int[] {0, 5}) {
            for (boolean withBias : new boolean[] {false, true}) {
                String where = k.name() + " m=" + m + " stride " + (m + extra) + " bias " + withBias;
                float[] bias = withBias ? TestViews.random(rnd, m) : null;
                if (withBias) bias[0] = -0.0f;
                View before = values(rnd, m, 3, extra), out = before.copy();
                View res = values(rnd, m, 4, extra + 2), resAfter = res.copy();
                k.addResidualRelu(out.array(), out.offset(), out.stride(), ROWS, bias, m, resAfter.array(),
                        resAfter.offset(), resAfter.stride());
                Views.assertUntouchedOutside(out, where);
                Views.assertSameBits(res, resAfter, where + ": the residual is only read");
                for (int r = 0; r < ROWS; r++)
                    for (int c = 0; c < m; c++) {
                        float x = withBias ? before.get(r, c) + bias[c] : before.get(r, c);
                        float y = x + res.get(r, c);
                        Views.assertBits(y < 0f ? 0f : y, out.get(r, c), where + " row " + r + " channel " + c);
                    }
            }
        }
    }

    @Test
    void refusesAResidualThatDoesNotFit() {
        for (KernelSet set : KernelRegistry.all()) {
            GemmEpilogueKernel k = set.gemmEpilogue();
            // 3 rows of 5 values, 8 apart, from 2: the residual's last value is float 23.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.addResidualRelu(new float[40], 0, 8, 3, null, 5, new float[22], 2, 8));
            assertTrue(e.getMessage().startsWith(k.name() + ": residual view needs 23 floats")
                    && e.getMessage().contains("holds 22"), e.getMessage());
        }
    }
}
