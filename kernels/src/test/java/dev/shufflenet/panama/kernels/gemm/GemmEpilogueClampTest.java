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

/**
 * The epilogue's clamp (ReLU6 after a native GEMM) against a float reference written here, bit for bit (a
 * bias add is one rounded add, the clamp two comparisons): strided rows inside NaN sentinels, values with
 * NaN (which must stay NaN), -0.0 and values past both bounds, with and without a bias.
 */
class GemmEpilogueClampTest {
    private static final int ROWS = 5;

    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void clampMatchesTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        Random rnd = new Random(43L * m + setName.hashCode());
        for (float[] bounds : new float[][] {{0f, 6f}, {-0.25f, 0.5f}}) {
            for (boolean withBias : new boolean[] {false, true}) {
                float min = bounds[0], max = bounds[1];
                String where = k.name() + " clamp m=" + m + " [" + min + ", " + max + "]" + (withBias ? " bias" : "");
                float[] bias = withBias ? TestViews.random(rnd, m) : null;
                View before = Views.input(rnd, m, ROWS, 3, 4), out = before.copy();
                for (int r = 0; r < ROWS; r++)
                    for (int c = 0; c < m; c++) {
                        int i = before.index(r, c), pick = rnd.nextInt(6);
                        float v = pick == 0 ? Float.NaN : pick == 1 ? -0.0f : pick == 2 ? 8f * before.array()[i]
                                : before.array()[i];
                        before.array()[i] = v;
                        out.array()[i] = v;
                    }
                k.addBiasClamp(out.array(), out.offset(), out.stride(), ROWS, bias, m, min, max);
                Views.assertUntouchedOutside(out, where);
                for (int r = 0; r < ROWS; r++)
                    for (int c = 0; c < m; c++) {
                        float x = before.get(r, c);
                        if (bias != null) x += bias[c];
                        if (x > max) x = max;
                        float expected = x < min ? min : x;
                        Views.assertBits(expected, out.get(r, c), where + " row " + r + " channel " + c);
                    }
            }
        }
    }

    @Test
    void refusesUnorderedBounds() {
        for (KernelSet set : KernelRegistry.all())
            assertThrows(IllegalArgumentException.class,
                    () -> set.gemmEpilogue().addBiasClamp(new float[8], 0, 8, 1, null, 8, 1f, 0f));
    }
}
