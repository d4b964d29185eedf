package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.shufflenet.panama.onnx.OnnxTestModels.attrInts;
import static dev.shufflenet.panama.onnx.OnnxTestModels.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes out of topological order (issue 12, triage of the files ONNX Runtime runs and strict import
 * refuses): the ONNX IR requires the order and onnx.checker refuses without it, while ONNX Runtime sorts
 * the graph itself. Strict import refuses naming the node, the input and its later producer; lenient
 * import sorts and then computes what ONNX Runtime computes; a cycle is refused in both modes.
 */
class OnnxTopologicalOrderTest {
    private static final float[] W = OnnxTestModels.random(new Random(3), 2 * 2 * 3 * 3, 0.5);

    /** Conv -> Relu -> Add(relu, conv), written Add first, then Relu, then Conv. */
    private static byte[] reversed() {
        return model(17).input("x", 1, 2, 6, 6).floats("W", new long[] {2, 2, 3, 3}, W)
                .node("Add", "add", List.of("relu", "conv"))
                .node("Relu", "relu", List.of("conv"))
                .node("Conv", "conv", List.of("x", "W"), attrInts("pads", 1, 1, 1, 1))
                .output("add").bytes();
    }

    @Test
    void strictImportRefusesNamingTheNodeTheInputAndItsLaterProducer() {
        String m = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(reversed(), "order.onnx")).getMessage();
        for (String part : List.of("order.onnx: node #0 'add' (Add)", "input 'relu' is produced by node #1 (Relu), which comes later",
                "[rule: topological-order]", "lenient"))
            assertTrue(m.contains(part), "message should mention '" + part + "': " + m);
    }

    @Test
    void lenientImportSortsAndAgreesWithOnnxRuntime() {
        byte[] bytes = reversed();
        float[] x = OnnxTestModels.random(new Random(4), 2 * 6 * 6, 1.0);
        float[] ort = OnnxRuntimeRunner.run(bytes, x, 1, 2, 6, 6);
        OnnxModel lenient = OnnxImporter.readModel(bytes, "order.onnx", OnnxImporter.Options.lenient());
        assertEquals(1, lenient.tolerated().size(), lenient.tolerated().toString());
        assertTrue(lenient.tolerated().get(0).contains("[rule: topological-order]"), lenient.tolerated().get(0));
        float[] ours;
        try (CompiledModel m = CompiledModel.compile(lenient.graph(), CompileOptions.defaults().withInputSize(6, 6)
                .withMaxBatch(1).withBackend(Backend.JAVA))) {
            ours = m.run(x, 1);
        }
        assertEquals(ort.length, ours.length);
        // Two engines summing 18 products per output in different orders: a few ulps of values below 10.
        for (int i = 0; i < ort.length; i++) assertEquals(ort[i], ours[i], 1e-5f, "value " + i);
    }

    @Test
    void aCycleIsRefusedEvenWhenLenient() {
        byte[] bytes = model(17).input("x", 1, 2, 6, 6)
                .node("Add", "a", List.of("x", "b"))
                .node("Relu", "b", List.of("a"))
                .output("b").bytes();
        String m = assertThrows(OnnxImportException.class,
                () -> OnnxImporter.readModel(bytes, "cycle.onnx", OnnxImporter.Options.lenient())).getMessage();
        assertTrue(m.contains("cycle") && m.contains("[rule: topological-order]") && m.contains("node #0 'a' (Add)"), m);
    }

    @Test
    void aSortedGraphTakesTheFileOrderAndToleratesNothing() {
        byte[] bytes = model(17).input("x", 1, 2, 6, 6).floats("W", new long[] {2, 2, 3, 3}, W)
                .node("Conv", "conv", List.of("x", "W"), attrInts("pads", 1, 1, 1, 1))
                .node("Relu", "relu", List.of("conv")).output("relu").bytes();
        assertEquals(List.of(), OnnxImporter.readModel(bytes, "ok.onnx", OnnxImporter.Options.lenient()).tolerated());
        assertNull(OnnxCheckerRulesTest.ortError(bytes, 1, 2, 6, 6));
    }
}
