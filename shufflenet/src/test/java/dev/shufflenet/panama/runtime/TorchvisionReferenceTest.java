package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The independent check: torchvision's ShuffleNet v2 1.0x exported to ONNX, run by this runtime on the
 * reference input, against the logits PyTorch computed. The reference README says a correct float32
 * runtime lands within about 1e-5 of them; the issue asks for 1e-4 of their largest magnitude.
 */
class TorchvisionReferenceTest {
    static final double TOLERANCE = 1e-4;
    static Graph graph;
    static float[] input;
    static float[] expected;

    @BeforeAll
    static void load() throws IOException {
        graph = ShuffleNet.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        input = ReferenceFiles.readFloats(ReferenceFiles.V2_INPUT, 2 * 3 * 224 * 224);
        expected = ReferenceFiles.readFloats(ReferenceFiles.V2_TORCH_OUTPUT, 2 * 1000);
    }

    @ParameterizedTest(name = "backend {0}")
    @EnumSource(Backend.class)
    void matchesPyTorchOnEveryBackend(Backend backend) {
        // A backend whose native library is missing falls back to the Java kernels: still must be right.
        check(CompileOptions.defaults().withMaxBatch(2).withBackend(backend), 2);
    }

    @ParameterizedTest(name = "kernel set {0}")
    @ValueSource(strings = {"scalar", "vector"})
    void matchesPyTorchWithEachKernelSet(String set) {
        KernelSet kernels = set.equals("scalar") ? KernelRegistry.scalar() : KernelRegistry.vector();
        check(CompileOptions.defaults().withMaxBatch(2).withBackend(Backend.JAVA).withKernels(kernels), 2);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void matchesPyTorchWithThreads(int threads) {
        check(CompileOptions.defaults().withMaxBatch(2).withThreads(threads), 2);
    }

    private static void check(CompileOptions options, int batch) {
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            float[] actual = m.run(input, batch);
            double err = TestInputs.relativeMaxError(actual, expected);
            assertTrue(err <= TOLERANCE, "max |ours - torch| / max |torch| = " + err + " with " + options);
            // Images one at a time (batch 1) give the same answer as the batch of two.
            float[] second = new float[1000];
            m.run(input, 3 * 224 * 224, 1, second, 0);
            for (int i = 0; i < 1000; i++) {
                assertTrue(Math.abs(second[i] - expected[1000 + i]) <= TOLERANCE * maxAbs(expected),
                        "image 2 alone, logit " + i + ": " + second[i] + " vs " + expected[1000 + i]);
            }
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
