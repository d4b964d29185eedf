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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GemmEpilogueKernel#addResidualRelu} (the pass a BLAS product gets in a ShuffleNet v1 stride-1 unit) of
 * every registered kernel set through {@link GemmEpilogueCheck} (x = relu((x + bias) + res) against a float
 * reference, bit for bit), and the refusal of a residual view that does not fit.
 */
class GemmEpilogueResidualTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> true);
    }

    @ParameterizedTest(name = "{0}, {1} channels")
    @MethodSource("setsAndChannels")
    void matchesTheFloatReference(String setName, int m) {
        GemmEpilogueKernel k = TestViews.set(setName).gemmEpilogue();
        KernelTally tally = new KernelTally(k.name());
        GemmEpilogueCheck.sweepResidual(tally, k, new Random(53L * m + setName.hashCode()), m);
        tally.assertPassed();
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
