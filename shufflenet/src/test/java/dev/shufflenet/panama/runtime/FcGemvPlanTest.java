package dev.shufflenet.panama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the selector gives one-pixel layers to the GEMV (what the calibration does where the GEMV wins), the FC
 * step runs on it (what {@code info --plan} shows), on one thread or sliced by output channels on several; the
 * logits agree with the double-precision interpreter, and an image gives the same bits alone and inside a batch
 * (the GEMV's pairs of pixels do the arithmetic of one).
 */
class FcGemvPlanTest {
    @ParameterizedTest(name = "{0}, {1} threads, {2}")
    @CsvSource({"v2-0.5, 1, vector", "v2-0.5, 2, vector", "v1-g3-0.5, 1, vector", "v2-0.5, 1, scalar"})
    void fcRunsOnTheGemv(String model, int threads, String set) {
        KernelSet kernels = set.equals("scalar") ? KernelRegistry.scalar() : KernelRegistry.vector();
        PointwiseConvKernel gemv = GemvKernels.forSet(kernels);
        PointwiseSelector selector = (layer, m, k, pixels) -> pixels == 1 ? gemv : kernels.pointwise();
        Graph graph = ShuffleNet.builtIn(model);
        try (Engine e = new Engine(graph, kernels, selector, 64, 64, 3, threads, null)) {
            PlanStep fc = e.steps().stream().filter(s -> s.name().equals("fc")).findFirst().orElseThrow();
            assertEquals(gemv.name(), fc.kernel(), "the FC step's kernel in " + fc);

            float[] input = TestInputs.images(3, 3, 64, 64, 11);
            float[] batch = new float[3 * 1000];
            e.run(input, 0, 3, batch, 0);
            float[] reference = NaiveInterpreter.run(graph, input, 3, 64, 64);
            double err = TestInputs.relativeMaxError(batch, reference);
            assertTrue(err <= CompiledModelTest.TOLERANCE, model + ": max error " + err + " of the largest logit");
            for (int i = 0; i < 3; i++) {
                float[] alone = new float[1000];
                e.run(input, i * 3 * 64 * 64, 1, alone, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(batch, i * 1000, (i + 1) * 1000), alone,
                        "image " + i + " alone and in the batch");
            }
        }
    }
}
