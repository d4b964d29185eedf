package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.GemmEpilogueCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every registered GEMM epilogue through {@link GemmEpilogueCheck} (bit for bit against a float reference, -0.0
 * and NaN among the values), and the argument checks.
 */
class GemmEpilogueTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void biasAndReluMatchTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        Random rnd = new Random(41L * m + setName.hashCode());
        for (int extra : new int[] {0, 5}) GemmEpilogueCheck.checkCase(k, rnd, m, extra);
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
