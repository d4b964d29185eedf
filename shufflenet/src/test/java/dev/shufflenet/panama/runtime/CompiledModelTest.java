package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole runtime (planner, fusions, memory plan, every kernel set, threads) against an independent
 * naive NCHW interpreter of the same graph that accumulates in double.
 *
 * <p>Tolerance: float32 through ~50 layers of up to ~10^4-term sums (plus batch norm folded in float)
 * drifts by a few 1e-6 relative to the logits' scale; the reference README puts a correct float32
 * runtime within about 1e-5 of PyTorch. 1e-4 of the largest |logit| leaves room for the longest nets
 * while still catching any indexing or fusion error, which shows up at order 1e-1.
 */
class CompiledModelTest {
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0} {1}x{2} batch {3}, {4}")
    @CsvSource({
            "v2-0.5, 64, 64, 2, vector",
            "v2-0.5, 37, 53, 1, vector",
            "v2-1.0, 96, 80, 1, vector",
            "v2-0.5, 40, 40, 2, scalar",
            "v1-g3-0.5, 64, 64, 2, vector",
            "v1-g8-0.25, 48, 56, 1, vector",
            "v1-g1-0.5, 33, 33, 1, vector",
            "v1-g2-0.25, 40, 40, 1, scalar"})
    void matchesNaiveInterpreter(String model, int h, int w, int batch, String kernelSet) {
        Graph g = ShuffleNet.builtIn(model);
        KernelSet kernels = kernelSet.equals("scalar") ? KernelRegistry.scalar() : KernelRegistry.vector();
        float[] input = TestInputs.images(batch, 3, h, w, 42);
        float[] expected = NaiveInterpreter.run(g, input, batch, h, w);
        CompileOptions options = CompileOptions.defaults().withInputSize(h, w).withMaxBatch(batch)
                .withBackend(Backend.JAVA).withKernels(kernels);
        try (CompiledModel m = CompiledModel.compile(g, options)) {
            float[] actual = m.run(input, batch);
            double err = TestInputs.relativeMaxError(actual, expected);
            assertTrue(err <= TOLERANCE, model + ": relative max error " + err);
        }
    }

    @Test
    void threadsGiveTheSameLogitsAsOneThread() {
        Graph g = ShuffleNet.builtIn("v2-0.5");
        float[] input = TestInputs.images(5, 3, 64, 64, 7);
        CompileOptions base = CompileOptions.defaults().withInputSize(64, 64).withMaxBatch(5).withBackend(Backend.JAVA);
        float[] one;
        try (CompiledModel m = CompiledModel.compile(g, base)) {
            one = m.run(input, 5);
        }
        try (CompiledModel m = CompiledModel.compile(g, base.withThreads(3))) {
            // batch 5 >= 3 threads: image-parallel; batch 1 and 2 < 3 threads: split inside each step.
            float tolerance = 1e-6f * (float) TestInputs.maxAbs(one);
            assertArrayEquals(one, m.run(input, 5), tolerance);
            float[] first = m.run(input, 1);
            float[] firstTwo = m.run(input, 2);
            for (int i = 0; i < first.length; i++) assertEquals(one[i], first[i], tolerance);
            for (int i = 0; i < firstTwo.length; i++) assertEquals(one[i], firstTwo[i], tolerance);
        }
    }

    @Test
    void oneModelServesConcurrentCallers() throws Exception {
        Graph g = ShuffleNet.builtIn("v2-0.5");
        CompileOptions options = CompileOptions.defaults().withInputSize(48, 48).withMaxBatch(2).withBackend(Backend.JAVA);
        try (CompiledModel m = CompiledModel.compile(g, options)) {
            List<float[]> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                inputs.add(TestInputs.images(2, 3, 48, 48, 100 + i));
                expected.add(m.run(inputs.get(i), 2));
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int rep = 0; rep < 4; rep++) {
                    for (int i = 0; i < 6; i++) {
                        int k = i;
                        results.add(pool.submit(() -> java.util.Arrays.equals(m.run(inputs.get(k), 2), expected.get(k))));
                    }
                }
                for (Future<Boolean> f : results) assertTrue(f.get(), "a concurrent call returned different logits");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badInputsAreClearErrors() {
        Graph g = ShuffleNet.builtIn("v2-0.5");
        try (CompiledModel m = CompiledModel.compile(g, CompileOptions.defaults().withInputSize(32, 32).withMaxBatch(2))) {
            IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                    () -> m.run(new float[3 * 32 * 32 - 1], 1));
            assertEquals("input must hold 1 x 3 x 32 x 32 floats from offset 0 (3072 in all), found 3071",
                    tooShort.getMessage());
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                    () -> m.run(new float[3 * 3 * 32 * 32], 3));
            assertEquals("batch 3 is outside [1, 2], the maxBatch this model was compiled for", tooBig.getMessage());
        }
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> CompileOptions.defaults().withInputSize(0, 5));
        assertEquals("input height and width must be positive, found 0x5", empty.getMessage());
    }

    @Test
    void memoryPlanReusesBuffers() {
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-1.0"), CompileOptions.defaults())) {
            // All activations of v2-1.0 at 224x224 add up to ~40 MB per image; a plan that reuses memory needs
            // only a few of the largest at once (stem output 24x112x112 + pool output: ~1.5 MB).
            assertTrue(m.workspaceBytesPerImage() < 3_000_000, "workspace " + m.workspaceBytesPerImage());
        }
    }
}
