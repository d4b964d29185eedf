package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static dev.shufflenet.panama.onnx.GraphAssertions.assertClose;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attr;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attrInts;
import static dev.shufflenet.panama.onnx.OnnxTestModels.model;
import static dev.shufflenet.panama.onnx.OnnxTestModels.positive;
import static dev.shufflenet.panama.onnx.OnnxTestModels.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-written ONNX models, one feature each, imported and run by the naive interpreter, against ONNX
 * Runtime running the very same bytes (and our re-export of the import).
 *
 * <p>Tolerance 1e-5 of the largest output: the sums here have at most about 100 terms of size ~1, so ONNX
 * Runtime's float32 rounding stays near 1e-6, while the interpreter accumulates in double.
 */
class SmallOnnxGraphsTest {
    private static final double TOLERANCE = 1e-5;
    private static final long DYN = -1;

    private final Random rnd = new Random(2024);

    private float[] w(int n) { return random(rnd, n, 0.5); }

    /** Imports the bytes, checks interpreter = ONNX Runtime (file and re-export) at the given input shape. */
    private Graph importAndCompare(byte[] model, int n, int c, int h, int w) {
        Graph g = OnnxImporter.read(model, "test.onnx");
        float[] x = random(rnd, n * c * h * w, 1.0);
        float[] ours = NaiveInterpreter.run(g, x, n, h, w);
        assertClose(OnnxRuntimeRunner.run(model, x, n, c, h, w), ours, TOLERANCE, "interpreter vs ONNX Runtime");
        assertClose(ours, OnnxRuntimeRunner.run(OnnxExporter.toBytes(g), x, n, c, h, w), TOLERANCE,
                "ONNX Runtime on the re-export vs interpreter");
        return g;
    }

    private static List<Op> ops(Graph g, Class<? extends Op> type) {
        return g.nodes().stream().map(Node::op).filter(type::isInstance).toList();
    }

    @Test
    void groupedConvWithBiasStridesAndAsymmetricPads() {
        byte[] m = model(17).input("x", DYN, 4, DYN, DYN)
                .floats("W", new long[] {6, 2, 3, 2}, w(6 * 2 * 3 * 2)).floats("B", new long[] {6}, w(6))
                .node("Conv", "conv", List.of("x", "W", "B"), attr("group", 2), attrInts("strides", 2, 1),
                        attrInts("pads", 1, 0, 2, 1), attrInts("kernel_shape", 3, 2))
                .node("Relu", "relu", List.of("conv")).output("relu").bytes();
        Graph g = importAndCompare(m, 2, 4, 9, 7);
        Op.Conv2d c = (Op.Conv2d) g.nodes().get(0).op();
        assertEquals(List.of(2, 2, 1, 1, 0, 2, 1), List.of(c.groups(), c.strideH(), c.strideW(), c.padTop(),
                c.padLeft(), c.padBottom(), c.padRight()));
    }

    @Test
    void autoPadSameUpperAndLower() {
        byte[] m = model(17).input("x", DYN, 3, DYN, DYN)
                .floats("W1", new long[] {4, 3, 2, 2}, w(4 * 3 * 4))
                .floats("W2", new long[] {5, 4, 2, 2}, w(5 * 4 * 4))
                .floats("W3", new long[] {3, 5, 1, 1}, w(15))
                .node("Conv", "upper", List.of("x", "W1"), attr("auto_pad", "SAME_UPPER"))
                .node("Conv", "lower", List.of("upper", "W2"), attr("auto_pad", "SAME_LOWER"))
                // kernel 1, stride 2: the SAME pad is 0 for every input size
                .node("Conv", "strided", List.of("lower", "W3"), attr("auto_pad", "SAME_UPPER"), attrInts("strides", 2, 2))
                .output("strided").bytes();
        Graph g = importAndCompare(m, 1, 3, 7, 6);
        Op.Conv2d upper = (Op.Conv2d) g.nodes().get(0).op(), lower = (Op.Conv2d) g.nodes().get(1).op();
        assertEquals(List.of(0, 0, 1, 1), List.of(upper.padTop(), upper.padLeft(), upper.padBottom(), upper.padRight()));
        assertEquals(List.of(1, 1, 0, 0), List.of(lower.padTop(), lower.padLeft(), lower.padBottom(), lower.padRight()));
    }

    @Test
    void averagePoolWithAndWithoutPadCounting() {
        byte[] m = model(17).input("x", DYN, 3, DYN, DYN)
                .node("AveragePool", "incl", List.of("x"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
                        attrInts("pads", 1, 1, 1, 1), attr("count_include_pad", 1L))
                .node("AveragePool", "excl", List.of("x"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
                        attrInts("pads", 1, 1, 1, 1))
                .node("MaxPool", "max", List.of("x"), attrInts("kernel_shape", 2, 3), attrInts("pads", 0, 1, 1, 1),
                        attrInts("strides", 2, 2))
                .node("Add", "sum", List.of("incl", "excl"))
                .node("Concat", "out", List.of("sum", "max"), attr("axis", 1L))
                .output("out").bytes();
        Graph g = importAndCompare(m, 2, 3, 8, 8);
        assertEquals(List.of(true, false), ops(g, Op.AvgPool.class).stream().map(o -> ((Op.AvgPool) o).countIncludePad()).toList());
    }

    /** Softmax's axis defaults to 1 before opset 13 and to -1 after; on [N, C] both mean the classes. */
    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void residualAddGemmWithAlphaBetaAndSoftmax(int opset) {
        byte[] m = model(opset).input("x", DYN, 4, DYN, DYN)
                .floats("W", new long[] {4, 4, 1, 1}, w(16)).floats("B", new long[] {4}, w(4))
                .floats("FC", new long[] {4, 5}, w(20)).floats("FCB", new long[] {1, 5}, w(5))
                .node("Conv", "conv", List.of("x", "W", "B"))
                .node("Add", "residual", List.of("x", "conv"))
                .node("GlobalAveragePool", "gap", List.of("residual"))
                .node("Flatten", "flat", List.of("gap"))
                .node("Gemm", "fc", List.of("flat", "FC", "FCB"), attr("alpha", 0.5f), attr("beta", 2f))
                .node("Softmax", "prob", List.of("fc"))
                .output("prob").bytes();
        Graph g = importAndCompare(m, 3, 4, 5, 6);
        assertEquals(1, ops(g, Op.Add.class).size());
        assertEquals(1, ops(g, Op.Softmax.class).size());
    }

    @Test
    void splitWithSizesAsAttribute() {
        byte[] m = model(11).input("x", DYN, 6, DYN, DYN)
                .node("Split", "split", List.of("x"), List.of("a", "b"), attr("axis", 1L), attrInts("split", 2, 4))
                .node("Concat", "out", List.of("b", "a"), attr("axis", 1L)).output("out").bytes();
        Graph g = importAndCompare(m, 2, 6, 3, 4);
        assertEquals(List.of(new Op.ChannelSlice(0, 2), new Op.ChannelSlice(2, 6)), ops(g, Op.ChannelSlice.class));
    }

    @Test
    void splitWithSizesAsInputAndEqualSplit() {
        byte[] m = model(13).input("x", DYN, 6, DYN, DYN).ints("sizes", 1, 5)
                .node("Split", "sized", List.of("x", "sizes"), List.of("a", "b"), attr("axis", -3L))
                .node("Split", "halves", List.of("x"), List.of("c", "d"), attr("axis", 1L))
                .node("Concat", "out", List.of("d", "b", "c", "a"), attr("axis", 1L)).output("out").bytes();
        Graph g = importAndCompare(m, 1, 6, 4, 4);
        assertEquals(List.of(new Op.ChannelSlice(0, 1), new Op.ChannelSlice(1, 6), new Op.ChannelSlice(0, 3),
                new Op.ChannelSlice(3, 6)), ops(g, Op.ChannelSlice.class));
    }

    /** Opset 18's num_outputs: ceil(7/3) = 3 channels per part and 1 in the last. */
    @Test
    void splitWithNumOutputs() {
        byte[] m = model(18).input("x", DYN, 7, DYN, DYN)
                .node("Split", "split", List.of("x"), List.of("a", "b", "c"), attr("axis", 1L), attr("num_outputs", 3L))
                .node("Concat", "out", List.of("c", "a", "b"), attr("axis", 1L)).output("out").bytes();
        Graph g = importAndCompare(m, 2, 7, 3, 3);
        assertEquals(List.of(new Op.ChannelSlice(0, 3), new Op.ChannelSlice(3, 6), new Op.ChannelSlice(6, 7)),
                ops(g, Op.ChannelSlice.class));
    }

    @Test
    void sliceWithOpenEndsNegativeBoundsAndWholeAxes() {
        byte[] m = model(17).input("x", DYN, 8, DYN, DYN)
                .ints("s1", 5).ints("e1", Long.MAX_VALUE).ints("a1", 1)
                .ints("s2", -6).ints("e2", -3).ints("a2", -3)
                .ints("s3", 1, 0).ints("e3", 3, Long.MAX_VALUE).ints("a3", 1, 2).ints("st3", 1, 1)
                .node("Slice", "tail", List.of("x", "s1", "e1", "a1"))
                .node("Slice", "middle", List.of("x", "s2", "e2", "a2"))
                .node("Slice", "withWholeH", List.of("x", "s3", "e3", "a3", "st3"))
                .node("Concat", "out", List.of("tail", "middle", "withWholeH"), attr("axis", 1L)).output("out").bytes();
        Graph g = importAndCompare(m, 2, 8, 5, 3);
        assertEquals(List.of(new Op.ChannelSlice(5, 8), new Op.ChannelSlice(2, 5), new Op.ChannelSlice(1, 3)),
                ops(g, Op.ChannelSlice.class));
    }

    @Test
    void sliceWithAttributesBeforeOpset10() {
        byte[] m = model(9).input("x", DYN, 6, DYN, DYN)
                .node("Slice", "head", List.of("x"), attrInts("starts", 0), attrInts("ends", 4), attrInts("axes", 1))
                .node("Relu", "out", List.of("head")).output("out").bytes();
        Graph g = importAndCompare(m, 1, 6, 2, 3);
        assertEquals(List.of(new Op.ChannelSlice(0, 4)), ops(g, Op.ChannelSlice.class));
    }

    /**
     * Caffe2-style shuffles with literal Reshape shapes for a fixed input: a 5-D grouping, and a 4-D one
     * using 0 (copy) and -1 (infer).
     */
    @Test
    void channelShufflesWithLiteralReshapeShapes() {
        byte[] m = model(13).input("x", 1, 6, 5, 4)
                .ints("group3", 1, 3, 2, 5, 4).ints("back3", 1, 6, 5, 4)
                .ints("group2", 0, 2, -1, 20).ints("back2", 0, -1, 5, 4)
                .floats("W", new long[] {6, 6, 1, 1}, w(36))
                .node("Reshape", "r1", List.of("x", "group3"))
                .node("Transpose", "t1", List.of("r1"), attrInts("perm", 0, 2, 1, 3, 4))
                .node("Reshape", "s1", List.of("t1", "back3"))
                .node("Reshape", "r2", List.of("s1", "group2"))
                .node("Transpose", "t2", List.of("r2"), attrInts("perm", 0, 2, 1, 3))
                .node("Reshape", "s2", List.of("t2", "back2"))
                .node("Conv", "mix", List.of("s2", "W"))
                .output("mix").bytes();
        Graph g = importAndCompare(m, 1, 6, 5, 4);
        assertEquals(List.of(new Op.ChannelShuffle(3), new Op.ChannelShuffle(2)), ops(g, Op.ChannelShuffle.class));
        assertEquals(List.of("t1", "t2", "mix"), g.nodes().stream().map(Node::name).toList());
    }

    @Test
    void matMulWithBiasAddBecomesLinear() {
        byte[] m = model(17).input("x", DYN, 6, DYN, DYN)
                .ints("flat_shape", 0, -1)
                .floats("W1", new long[] {6, 4}, w(24)).floats("B1", new long[] {4}, w(4))
                .floats("W2", new long[] {4, 3}, w(12))
                .node("GlobalAveragePool", "gap", List.of("x"))
                .node("Reshape", "flat", List.of("gap", "flat_shape"))
                .node("MatMul", "mm1", List.of("flat", "W1"))
                .node("Add", "fc1", List.of("B1", "mm1"))
                .node("MatMul", "fc2", List.of("fc1", "W2"))
                .output("fc2").bytes();
        Graph g = importAndCompare(m, 2, 6, 3, 5);
        List<Op> linears = ops(g, Op.Linear.class);
        assertEquals(2, linears.size());
        assertEquals(4, ((Op.Linear) linears.get(0)).bias().length);
        assertEquals(null, ((Op.Linear) linears.get(1)).bias());
        assertEquals(1, ops(g, Op.Flatten.class).size(), "Reshape [0, -1] after pooling is a flatten");
    }

    @Test
    void reduceMeanWithAxesAsAttribute() {
        byte[] m = model(17).input("x", DYN, 5, DYN, DYN)
                .node("ReduceMean", "mean", List.of("x"), attrInts("axes", 2, 3))
                .node("Flatten", "flat", List.of("mean")).output("flat").bytes();
        Graph g = importAndCompare(m, 2, 5, 4, 3);
        assertEquals(List.of(new Op.GlobalAvgPool(true)), ops(g, Op.GlobalAvgPool.class));
    }

    @Test
    void reduceMeanWithAxesAsInput() {
        byte[] m = model(18).input("x", DYN, 5, DYN, DYN).ints("axes", -1, -2)
                .node("ReduceMean", "mean", List.of("x", "axes"), attr("keepdims", 0L)).output("mean").bytes();
        Graph g = importAndCompare(m, 2, 5, 4, 3);
        assertEquals(List.of(new Op.GlobalAvgPool(false)), ops(g, Op.GlobalAvgPool.class));
    }

    @Test
    void identityDropoutAndFloatCastPassThrough() {
        byte[] m = model(13).input("x", DYN, 3, DYN, DYN)
                .initializer(OnnxTensors.encodeFloats("ratio", new long[0], new float[] {0.3f}))
                .node("Identity", "id", List.of("x"))
                .node("Dropout", "drop", List.of("id", "ratio"), List.of("drop", "mask"))
                .node("Cast", "cast", List.of("drop"), attr("to", (long) TensorProto.DataType.FLOAT_VALUE))
                .node("Relu", "relu", List.of("cast")).output("relu").bytes();
        Graph g = importAndCompare(m, 1, 3, 4, 4);
        assertEquals(List.of("relu"), g.nodes().stream().map(Node::name).toList());
    }

    /**
     * PyTorch's x.reshape(x.size(0), -1) computes its shape at run time; here with a detour through
     * Mul, Sub, Squeeze and ConstantOfShape so every shape-arithmetic evaluator meets ONNX Runtime.
     */
    @Test
    void reshapeTargetComputedFromShapes() {
        byte[] m = model(13).input("x", DYN, 4, DYN, DYN)
                .ints("zero", 0).ints("one", 1).ints("axis0", 0)
                .initializer(OnnxTensors.encodeInt64s("two_scalar", new long[0], new long[] {2}))
                .node("GlobalAveragePool", "gap", List.of("x"))
                .node("Shape", "shape", List.of("gap"))
                .node("Gather", "n", List.of("shape", "zero"))                       // [N]
                .node("ConstantOfShape", "twos", List.of("one"),
                        OnnxTestModels.attrTensor("value", OnnxTensors.encodeInt64s("v", new long[] {1}, new long[] {2})))
                .node("Squeeze", "two", List.of("twos", "axis0"))                     // 2, rank 0
                .node("Mul", "zero_times", List.of("two", "two_scalar"))               // 4
                .node("Sub", "minus_one", List.of("one", "zero_times"))               // [1 - 4] = [-3]
                .node("Div", "neg", List.of("minus_one", "minus_one"))                 // [1]
                .node("Sub", "infer", List.of("zero", "neg"))                         // [-1]
                .node("Concat", "target", List.of("n", "infer"), attr("axis", 0L))    // [N, -1]
                .node("Reshape", "flat", List.of("gap", "target"))
                .output("flat").bytes();
        Graph g = importAndCompare(m, 1, 4, 3, 3);
        assertEquals(1, ops(g, Op.Flatten.class).size());
    }

    /**
     * A ShuffleNet v1 unit as Caffe2 exported it (the ONNX model zoo's v1 is opset 3-9): BatchNormalization
     * with consumed_inputs, is_test and spatial, Relu and Sum with consumed_inputs, Reshape with its shape
     * as an attribute, Gemm with broadcast, a three-way Sum, float_data weights. ONNX Runtime does not run
     * opset 3 (BatchNormalization starts at 7 there), so it runs the same net written at opset 13, and the
     * two imports must be identical.
     */
    @Test
    void caffe2StyleShuffleNetV1UnitAtOpset3() {
        byte[] old = shuffleNetV1Unit(3);
        byte[] modern = shuffleNetV1Unit(13);
        Graph oldGraph = OnnxImporter.read(old, "caffe2-v1-unit.onnx");
        GraphAssertions.assertSameGraph(importAndCompare(modern, 1, 12, 8, 8), oldGraph);
        assertEquals(1, ops(oldGraph, Op.ChannelShuffle.class).size());
        assertEquals(4, ops(oldGraph, Op.BatchNorm.class).size());
        assertEquals(2, ops(oldGraph, Op.Add.class).size(), "three-way Sum as two Adds");
    }

    private static byte[] shuffleNetV1Unit(int opset) {
        Random r = new Random(99); // same weights for both opsets
        boolean old = opset < 5;
        OnnxTestModels.Builder b = model(opset).input("data", 1, 12, 8, 8);
        b.floatsAsFloatData("g1_w", new long[] {6, 4, 1, 1}, random(r, 24, 0.5));
        b.floatsAsFloatData("dw_w", new long[] {6, 1, 3, 3}, random(r, 54, 0.5));
        b.floatsAsFloatData("g2_w", new long[] {12, 2, 1, 1}, random(r, 24, 0.5));
        b.floatsAsFloatData("fc_w", new long[] {10, 12}, random(r, 120, 0.5));
        b.floatsAsFloatData("fc_b", new long[] {10}, random(r, 10, 0.1));
        for (String bn : List.of("bn1", "bn2", "bn3", "bn4")) {
            int c = bn.equals("bn1") || bn.equals("bn2") ? 6 : 12;
            b.floatsAsFloatData(bn + "_s", new long[] {c}, positive(r, c, 0.5, 1.5));
            b.floatsAsFloatData(bn + "_b", new long[] {c}, random(r, c, 0.2));
            b.floatsAsFloatData(bn + "_m", new long[] {c}, random(r, c, 0.2));
            b.floatsAsFloatData(bn + "_v", new long[] {c}, positive(r, c, 0.5, 2));
        }
        var bnAttrs = old
                ? new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[] {attr("epsilon", 1e-5f),
                        attr("is_test", 1L), attr("spatial", 1L), attrInts("consumed_inputs", 0, 0, 0, 1, 1),
                        attr("momentum", 0.9f)}
                : new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[] {attr("epsilon", 1e-5f)};
        var consumed = old ? new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[] {attrInts("consumed_inputs", 0)}
                : new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[0];
        b.node("Conv", "gconv1", List.of("data", "g1_w"), attr("group", 3L), attrInts("kernel_shape", 1, 1));
        b.node("BatchNormalization", "bn1", List.of("gconv1", "bn1_s", "bn1_b", "bn1_m", "bn1_v"), bnAttrs);
        b.node("Relu", "relu1", List.of("bn1"), consumed);
        reshape(b, old, "group", "relu1", 1, 3, 2, 8, 8);
        b.node("Transpose", "shuffle", List.of("group"), attrInts("perm", 0, 2, 1, 3, 4));
        reshape(b, old, "ungroup", "shuffle", 1, 6, 8, 8);
        b.node("Conv", "dwconv", List.of("ungroup", "dw_w"), attr("group", 6L), attrInts("pads", 1, 1, 1, 1),
                attrInts("kernel_shape", 3, 3));
        b.node("BatchNormalization", "bn2", List.of("dwconv", "bn2_s", "bn2_b", "bn2_m", "bn2_v"), bnAttrs);
        b.node("Conv", "gconv2", List.of("bn2", "g2_w"), attr("group", 3L));
        b.node("BatchNormalization", "bn3", List.of("gconv2", "bn3_s", "bn3_b", "bn3_m", "bn3_v"), bnAttrs);
        b.node("BatchNormalization", "bn4", List.of("data", "bn4_s", "bn4_b", "bn4_m", "bn4_v"), bnAttrs);
        b.node("Sum", "residual", List.of("data", "bn3", "bn4"), old
                ? new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[] {attrInts("consumed_inputs", 0, 0, 0)}
                : new dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto[0]);
        b.node("Relu", "relu2", List.of("residual"), consumed);
        b.node("AveragePool", "pool", List.of("relu2"), attrInts("kernel_shape", 8, 8), attrInts("strides", 1, 1));
        reshape(b, old, "flat", "pool", 1, 12);
        if (old) b.node("Gemm", "fc", List.of("flat", "fc_w", "fc_b"), attr("transB", 1L), attr("broadcast", 1L));
        else b.node("Gemm", "fc", List.of("flat", "fc_w", "fc_b"), attr("transB", 1L));
        b.node("Softmax", "prob", List.of("fc"), attr("axis", 1L));
        return b.output("prob").bytes();
    }

    /** Reshape with its shape as an attribute (opset < 5) or as an int64 initializer input. */
    private static void reshape(OnnxTestModels.Builder b, boolean old, String name, String input, long... shape) {
        if (old) {
            b.node("Reshape", name, List.of(input), attrInts("shape", shape));
        } else {
            b.ints(name + "_shape", shape);
            b.node("Reshape", name, List.of(input, name + "_shape"));
        }
    }
}
