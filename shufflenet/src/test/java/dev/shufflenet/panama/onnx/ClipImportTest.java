package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Random;

import static dev.shufflenet.panama.onnx.GraphAssertions.assertClose;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attr;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attrInts;
import static dev.shufflenet.panama.onnx.OnnxTestModels.model;
import static dev.shufflenet.panama.onnx.OnnxTestModels.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Clip (MobileNet's ReLU6): bounds as attributes (opset 6) and as inputs (opset 11 and later, either
 * left out), imported, run by the naive interpreter and by the compiled runtime (conv + Clip(0, 6) fused into
 * the conv's minmax kernel, on each backend), against ONNX Runtime running the same bytes and our re-export.
 * Weights are 4x the usual scale so that many outputs pass 6 and the ceiling is really exercised.
 *
 * <p>Tolerance 1e-5 of the largest output: sums of at most 37 terms of size ~1 (see SmallOnnxGraphsTest).
 */
class ClipImportTest {
    private static final double TOLERANCE = 1e-5;
    private static final long DYN = -1;
    private static final int N = 2, C = 4, H = 9, W = 7, M = 8;

    private final Random rnd = new Random(66);

    /** 3x3 conv (C -> M, pad 1) then Clip at the given opset, with the bounds written as that opset wants. */
    private byte[] convClip(int opset, Float min, Float max) {
        OnnxTestModels.Builder b = model(opset).input("x", DYN, C, DYN, DYN)
                .floats("W", new long[] {M, C, 3, 3}, random(rnd, M * C * 9, 2.0))
                .floats("B", new long[] {M}, random(rnd, M, 1.0))
                .node("Conv", "conv", List.of("x", "W", "B"), attrInts("kernel_shape", 3, 3), attrInts("pads", 1, 1, 1, 1));
        if (opset < 11) {
            List<dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto> attrs = new java.util.ArrayList<>();
            if (min != null) attrs.add(attr("min", min));
            if (max != null) attrs.add(attr("max", max));
            b.node("Clip", "clip", List.of("conv"), attrs.toArray(new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[0]));
        } else {
            if (min != null) b.floats("lo", new long[0], new float[] {min});
            if (max != null) b.floats("hi", new long[0], new float[] {max});
            List<String> inputs = max == null ? (min == null ? List.of("conv") : List.of("conv", "lo"))
                    : List.of("conv", min == null ? "" : "lo", "hi");
            b.node("Clip", "clip", inputs);
        }
        return b.output("clip").bytes();
    }

    private Graph importAndCompare(byte[] model) {
        Graph g = OnnxImporter.read(model, "clip.onnx");
        float[] x = random(rnd, N * C * H * W, 1.0);
        float[] ours = NaiveInterpreter.run(g, x, N, H, W);
        assertClose(OnnxRuntimeRunner.run(model, x, N, C, H, W), ours, TOLERANCE, "interpreter vs ONNX Runtime");
        assertClose(ours, OnnxRuntimeRunner.run(OnnxExporter.toBytes(g), x, N, C, H, W), TOLERANCE,
                "ONNX Runtime on the re-export vs interpreter");
        return g;
    }

    private static Op.Clip clip(Graph g) {
        return g.nodes().stream().map(Node::op).filter(Op.Clip.class::isInstance).map(Op.Clip.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void opset13BoundsFromInputsAreRelu6FusedIntoTheConv() {
        byte[] m = convClip(13, 0f, 6f);
        Graph g = importAndCompare(m);
        assertEquals(new Op.Clip(0f, 6f), clip(g));
        float[] x = random(rnd, N * C * H * W, 1.0);
        float[] expected = OnnxRuntimeRunner.run(m, x, N, C, H, W);
        for (Backend backend : new Backend[] {Backend.JAVA, Backend.AUTO}) {
            try (CompiledModel cm = CompiledModel.compile(g, CompileOptions.defaults().withInputSize(H, W)
                    .withMaxBatch(N).withBackend(backend))) {
                assertClose(expected, cm.run(x, N), TOLERANCE, "compiled (" + backend + ") vs ONNX Runtime");
                // One step for conv + ReLU6, on the minmax variant; no separate clamp pass.
                List<PlanStep> convs = cm.steps().stream().filter(s -> s.name().startsWith("conv")).toList();
                assertEquals(1, convs.size(), cm.steps().toString());
                assertEquals("conv+relu6", convs.get(0).name());
                assertTrue(convs.get(0).kernel().contains("minmax"), convs.get(0).kernel());
            }
        }
    }

    @Test
    void opset6BoundsFromAttributes() {
        assertEquals(new Op.Clip(0f, 6f), clip(importAndCompare(convClip(6, 0f, 6f))));
        // Absent attributes are the float range's ends, as the schema says.
        assertEquals(new Op.Clip(-1.5f, Float.MAX_VALUE), clip(importAndCompare(convClip(6, -1.5f, null))));
    }

    @Test
    void opset11MissingBoundIsTheFloatRangesEnd() {
        assertEquals(new Op.Clip(-Float.MAX_VALUE, 6f), clip(importAndCompare(convClip(11, null, 6f))));
        assertEquals(new Op.Clip(0.5f, Float.MAX_VALUE), clip(importAndCompare(convClip(18, 0.5f, null))));
    }

    @Test
    void unorderedBoundsAreRefusedNamingBoth() {
        OnnxImportException e = assertThrows(OnnxImportException.class,
                () -> OnnxImporter.read(convClip(13, 6f, 0f), "clip.onnx"));
        assertTrue(e.getMessage().contains("min 6.0") && e.getMessage().contains("max 0.0"), e.getMessage());
    }

    /** A clamp the runtime cannot put into an epilogue (min below 0) is refused at compile, naming the node. */
    @Test
    void unfusableClipIsRefusedAtCompile() {
        Graph g = OnnxImporter.read(convClip(13, -1f, 6f), "clip.onnx");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(g, CompileOptions.defaults().withInputSize(H, W)));
        assertTrue(e.getMessage().contains("Clip") && e.getMessage().contains("-1.0"), e.getMessage());
    }
}
