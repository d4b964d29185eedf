package dev.shufflenet.panama.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the Java backend the FC layer runs on the GEMV (what {@code info --plan} shows), on one thread or
 * sliced by output channels on several, and the logits agree with the double-precision interpreter; an image
 * gives the same bits alone and inside a batch (the GEMV's pairs of pixels do the arithmetic of one).
 */
class FcGemvPlanTest {
    @ParameterizedTest(name = "{0}, {1} threads, {2}")
    @CsvSource({"v2-0.5, 1, vector", "v2-0.5, 2, vector", "v1-g3-0.5, 1, vector", "v2-0.5, 1, scalar"})
    void fcRunsOnTheGemv(String model, int threads, String set) {
        KernelSet kernels = set.equals("scalar") ? KernelRegistry.scalar() : KernelRegistry.vector();
        var graph = ShuffleNet.builtIn(model);
        CompileOptions options = CompileOptions.defaults().withInputSize(64, 64).withMaxBatch(3).withThreads(threads)
                .withBackend(Backend.JAVA).withKernels(kernels);
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            PlanStep fc = m.steps().stream().filter(s -> s.name().equals("fc")).findFirst().orElseThrow();
            assertEquals(GemvKernels.forSet(kernels).name(), fc.kernel(), "the FC step's kernel in " + fc);

            float[] input = TestInputs.images(3, 3, 64, 64, 11);
            float[] batch = m.run(input, 3);
            float[] reference = NaiveInterpreter.run(graph, input, 3, 64, 64);
            double err = TestInputs.relativeMaxError(batch, reference);
            assertTrue(err <= CompiledModelTest.TOLERANCE, model + ": max error " + err + " of the largest logit");
            for (int i = 0; i < 3; i++) {
                float[] alone = new float[1000];
                m.run(input, i * 3 * 64 * 64, 1, alone, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(batch, i * 1000, (i + 1) * 1000), alone,
                        "image " + i + " alone and in the batch");
            }
        }
    }
}
