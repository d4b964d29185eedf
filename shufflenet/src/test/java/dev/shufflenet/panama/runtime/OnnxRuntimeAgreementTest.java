package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.models.ShuffleNetV1;
import dev.shufflenet.panama.onnx.OnnxExporter;
import dev.shufflenet.panama.onnx.OnnxRuntimeRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The independent check for every built-in model, ShuffleNet v1 above all (no public reference weights
 * exist for it): each is exported to ONNX, run by ONNX Runtime, and must give this runtime's logits.
 * A non-square input with odd sizes deep in the net (64 x 80: 5 x 3 at stage 4) checks padding and
 * strides along both axes.
 *
 * <p>Tolerance: two float32 engines summing the same ~10^3-10^4-term dot products in different orders,
 * through ~50 layers, differ by a few 1e-6 of the logits' scale; 1e-4 catches any real mistake (a
 * wrong shuffle or group moves logits by order 1e-1).
 */
class OnnxRuntimeAgreementTest {
    static final double TOLERANCE = 1e-4;
    static final int H = 64, W = 80, BATCH = 2;

    static List<String> models() {
        List<String> names = new ArrayList<>();
        for (int g : ShuffleNetV1.GROUPS)
            for (String w : ShuffleNetV1.WIDTHS) names.add("v1-g" + g + "-" + w);
        names.addAll(List.of("v2-0.5", "v2-1.0", "v2-1.5", "v2-2.0"));
        names.addAll(List.of(ShuffleNet.MOBILENET_V1, ShuffleNet.MOBILENET_V2)); // ReLU6, inverted residuals
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void onnxRuntimeOnOurExportGivesOurLogits(String name) {
        Graph g = ShuffleNet.builtIn(name);
        float[] input = TestInputs.images(BATCH, 3, H, W, name.hashCode());
        float[] expected = OnnxRuntimeRunner.run(OnnxExporter.toBytes(g), input, BATCH, 3, H, W);
        try (CompiledModel m = CompiledModel.compile(g, CompileOptions.defaults().withInputSize(H, W).withMaxBatch(BATCH))) {
            double err = TestInputs.relativeMaxError(m.run(input, BATCH), expected);
            assertTrue(err <= TOLERANCE, name + ": max |ours - ORT| / max |ORT| = " + err);
        }
    }
}
