package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.GemmEpilogueCheck;
import dev.shufflenet.panama.kernels.check.KernelTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The epilogue's clamp (ReLU6 after a native GEMM) of every registered set through {@link GemmEpilogueCheck}
 * (against a float reference, bit for bit: a bias add is one rounded add, the clamp two comparisons; NaN, -0.0 and
 * values past both bounds among the values), and the refusal of unordered bounds.
 */
class GemmEpilogueClampTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void clampMatchesTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        KernelTally tally = new KernelTally(k.name());
        GemmEpilogueCheck.sweepClamp(tally, k, new Random(43L * m + setName.hashCode()), m);
        tally.assertPassed();
    }

    @Test
    void refusesUnorderedBounds() {
        for (KernelSet set : KernelRegistry.all())
            assertThrows(IllegalArgumentException.class,
                    () -> set.gemmEpilogue().addBiasClamp(new float[8], 0, 8, 1, null, 8, 1f, 0f));
    }
}
