package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.shufflenet.panama.onnx.GraphAssertions.assertClose;

/**
 * Logits of the imported reference ShuffleNet v2 against PyTorch's, for the reference input (2 images,
 * 224x224).
 *
 * <p>Tolerance 1e-4 of the largest logit (about 1.65): float32 runtimes (PyTorch, ONNX Runtime) agree with
 * each other to about 5e-6 here; the naive interpreter accumulates in double, so it differs from PyTorch
 * by PyTorch's own float32 rounding, of the same size. A wrong op (a swapped shuffle, a misplaced pad, an
 * unfolded bias) moves logits by 0.1 or more.
 */
class ReferenceModelNumericsTest {
    private static final double TOLERANCE = 1e-4;
    private static final int N = 2, C = 3, H = 224, W = 224, CLASSES = 1000;

    private static Graph graph;
    private static float[] input;
    private static float[] torchLogits;

    @BeforeAll
    static void load() throws IOException {
        graph = OnnxImporter.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        input = ReferenceFiles.readFloats(ReferenceFiles.V2_INPUT, N * C * H * W);
        torchLogits = ReferenceFiles.readFloats(ReferenceFiles.V2_TORCH_OUTPUT, N * CLASSES);
    }

    @Test
    void naiveInterpreterOfTheImportMatchesPyTorch() {
        float[] logits = NaiveInterpreter.run(graph, input, N, H, W);
        assertClose(torchLogits, logits, TOLERANCE, "naive interpreter vs PyTorch");
    }

    @Test
    void onnxRuntimeOnOurExportMatchesPyTorch() {
        float[] logits = OnnxRuntimeRunner.run(OnnxExporter.toBytes(graph), input, N, C, H, W);
        assertClose(torchLogits, logits, TOLERANCE, "ONNX Runtime on the re-exported model vs PyTorch");
    }
}
