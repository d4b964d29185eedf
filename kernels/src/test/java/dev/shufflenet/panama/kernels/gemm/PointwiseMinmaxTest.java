package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.check.PointwiseMinmaxCheck;
import dev.shufflenet.panama.kernels.check.PointwiseProblem;
import dev.shufflenet.panama.kernels.KernelRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minmax variant (ReLU6 and other clamps) of every pointwise kernel in the registry (the scalar twin
 * and both vector tiles where the JVM has the Vector API) through {@link PointwiseMinmaxCheck} (the exact sum
 * in double, clamped; channel runs against the scalar twin), and the refusal of bad bounds.
 */
class PointwiseMinmaxTest {
    static List<PointwiseConvKernel> kernels() {
        List<PointwiseConvKernel> ks = new ArrayList<>(List.of(new ScalarPointwiseConv()));
        if (KernelRegistry.vectorApiAvailable()) ks.addAll(VectorPointwiseConv.tiles());
        return ks;
    }

    @BeforeAll
    static void warmUp() {
        for (PointwiseConvKernel k : kernels()) k.warmUp(3_000);
    }

    static Stream<PointwiseMinmaxCheck.Case> cases() {
        return PointwiseMinmaxCheck.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clampsLikeTheClampedExactSum(PointwiseMinmaxCheck.Case c) {
        for (PointwiseConvKernel kernel : kernels()) PointwiseMinmaxCheck.checkCase(kernel, c);
    }

    /** A 3-group shuffle folded into the read: several runs, the vector kernels' indexed tiles. */
    @Test
    void clampsThroughChannelRuns() {
        for (PointwiseConvKernel kernel : kernels())
            PointwiseMinmaxCheck.checkChannelRuns(kernel, new ScalarPointwiseConv());
    }

    @Test
    void refusesUnorderedOrNaNBounds() {
        for (PointwiseConvKernel kernel : kernels()) {
            PointwiseProblem problem = new PointwiseProblem(4, 3, 2, true, 1);
            PointwiseConvKernel.PackedWeights w = problem.pack(kernel);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.run(w, problem.in,
                    0, 3, problem.out.clone(), 0, 4, 0, 2, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernel.run(w, problem.in, 0, 3, problem.out.clone(), 0,
                    4, 0, 2, 0f, Float.NaN));
        }
    }
}
