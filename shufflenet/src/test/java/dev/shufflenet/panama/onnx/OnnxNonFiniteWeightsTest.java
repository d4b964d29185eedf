package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.shufflenet.panama.onnx.OnnxTestModels.attr;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attrInts;
import static dev.shufflenet.panama.onnx.OnnxTestModels.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a NaN or infinite weight on a depthwise tap that only ever meets padding gave NaN logits here
 * and finite ones in ONNX Runtime (whose depthwise kernel skips padded taps), the one contract failure of a
 * 1,500 s fuzz run (seed -1501768354871556950). Strict import now refuses non-finite float constants
 * (FiniteWeights), naming the file, the tensor, the element and its value; lenient import keeps them and
 * lists what it tolerated.
 */
class OnnxNonFiniteWeightsTest {
    private static final int C = 4, H = 1, W = 1;

    /**
     * x [1, 4, 1, 1] -> depthwise 3x3 conv, pads 1: on a 1 x 1 image only the centre tap meets a pixel,
     * the other eight meet padding only. Tap (0, 0) of channel 1 is {@code bad}.
     */
    private static byte[] depthwise(float bad) {
        float[] w = OnnxTestModels.random(new Random(7), C * 9, 0.5);
        w[9] = bad; // channel 1, tap (0, 0): element 9 = [1, 0, 0, 0]
        return model(17).input("x", 1, C, H, W).floats("W", new long[] {C, 1, 3, 3}, w)
                .node("Conv", "dw", List.of("x", "W"), attrInts("pads", 1, 1, 1, 1), attr("group", C))
                .node("Flatten", "flat", List.of("dw")).output("flat").bytes();
    }

    private static float[] input() {
        return new float[] {0.5f, -1.25f, 2f, 0.75f};
    }

    @Test
    void nanOnAPaddingOnlyTapIsFiniteInOnnxRuntimeAndNanInOurKernels() {
        byte[] bytes = depthwise(Float.NaN);
        float[] ort = OnnxRuntimeRunner.run(bytes, input(), 1, C, H, W);
        for (float v : ort) assertTrue(Float.isFinite(v), "ONNX Runtime skips the padded tap: " + java.util.Arrays.toString(ort));

        OnnxModel lenient = OnnxImporter.readModel(bytes, "nan.onnx", OnnxImporter.Options.lenient());
        float[] ours;
        try (CompiledModel m = CompiledModel.compile(lenient.graph(), CompileOptions.defaults().withInputSize(H, W)
                .withMaxBatch(1).withBackend(Backend.JAVA))) {
            ours = m.run(input(), 1);
        }
        // The ONNX definition pads with zeros and multiplies: 0 x NaN is NaN in channel 1, the others agree.
        assertTrue(Float.isNaN(ours[1]), "channel 1 meets the NaN tap through padding: " + java.util.Arrays.toString(ours));
        for (int c : new int[] {0, 2, 3}) assertEquals(ort[c], ours[c], 1e-6f * Math.max(1f, Math.abs(ort[c])), "channel " + c);
    }

    @Test
    void strictImportRefusesANanWeightNamingFileTensorElementAndValue() {
        String message = assertThrows(OnnxImportException.class,
                () -> OnnxImporter.readModel(depthwise(Float.NaN), "nan.onnx", OnnxImporter.Options.strict())).getMessage();
        for (String part : List.of("nan.onnx", "initializer 'W' (FLOAT) [4, 1, 3, 3]", "element 9 [1, 0, 0, 0] is NaN",
                "1 of 36 values not finite", "[rule: finite-weights]", "lenient"))
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
    }

    @Test
    void strictImportRefusesAnInfiniteWeight() {
        String message = assertThrows(OnnxImportException.class,
                () -> OnnxImporter.read(depthwise(Float.NEGATIVE_INFINITY), "inf.onnx")).getMessage();
        assertTrue(message.contains("element 9 [1, 0, 0, 0] is -Infinity"), message);
    }

    @Test
    void lenientImportKeepsTheWeightAndSaysSo() {
        OnnxModel m = OnnxImporter.readModel(depthwise(Float.POSITIVE_INFINITY), "inf.onnx", OnnxImporter.Options.lenient());
        assertEquals(1, m.tolerated().size(), m.tolerated().toString());
        String t = m.tolerated().get(0);
        assertTrue(t.contains("inf.onnx: initializer 'W'") && t.contains("is Infinity") && t.contains("[rule: finite-weights]")
                && t.contains("lenient: kept as it is"), t);
    }

    @Test
    void aNanInAConstantNodeIsRefusedToo() {
        byte[] bytes = model(17).input("x", 1, 2, 4, 4)
                .node("Constant", "k", List.of(), List.of("k"), OnnxTestModels.attrTensor("value",
                        OnnxTensors.encodeFloats("kv", new long[] {1, 2, 1, 1}, new float[] {1f, Float.NaN})))
                .node("Add", "add", List.of("x", "k")).output("add").bytes();
        String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(bytes, "const.onnx")).getMessage();
        assertTrue(message.contains("const.onnx: node") && message.contains("value 'k'") && message.contains("is NaN")
                && message.contains("[rule: finite-weights]"), message);
    }

    @Test
    void anUnusedNanInitializerDoesNotMatter() {
        byte[] bytes = model(17).input("x", 1, 2, 4, 4).floats("unused", new long[] {1}, new float[] {Float.NaN})
                .node("Relu", "relu", List.of("x")).output("relu").bytes();
        assertEquals(List.of(), OnnxImporter.readModel(bytes, "unused.onnx", OnnxImporter.Options.strict()).tolerated());
    }
}
