package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TypeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one IR graph into an ONNX GraphProto. It tracks each value's rank and channel count
 * (known without an image size), which the shuffle's Reshape target and the output's declared shape
 * need.
 */
final class OnnxGraphWriter {
    /** Rank and channel count of a value; channels is -1 when it depends on the image size. */
    private record Meta(int rank, int channels) {}

    private final Graph graph;
    private final GraphProto.Builder out = GraphProto.newBuilder();
    private final Map<Value, String> names = new HashMap<>();
    private final Set<String> usedValueNames = new HashSet<>();
    private final Set<String> usedNodeNames = new HashSet<>();
    private final Map<Value, Meta> meta = new HashMap<>();

    OnnxGraphWriter(Graph graph) {
        this.graph = graph;
    }

    GraphProto write() {
        usedValueNames.add(OnnxExporter.INPUT_NAME);
        usedValueNames.add(OnnxExporter.OUTPUT_NAME);
        names.put(graph.input(), OnnxExporter.INPUT_NAME);
        if (!graph.output().equals(graph.input())) names.put(graph.output(), OnnxExporter.OUTPUT_NAME);
        for (Node n : graph.nodes()) usedNodeNames.add(n.name());
        meta.put(graph.input(), new Meta(4, graph.inputChannels()));

        out.setName(graph.name());
        out.addInput(valueInfo(OnnxExporter.INPUT_NAME, dim("N"), dim(graph.inputChannels()), dim("H"), dim("W")));
        for (Node n : graph.nodes()) writeNode(n);
        if (graph.output().equals(graph.input())) { // an empty graph still needs a node to name its output
            out.addNode(node("Identity", uniqueNode("identity"), List.of(OnnxExporter.INPUT_NAME),
                    OnnxExporter.OUTPUT_NAME));
        }
        Meta m = meta.get(graph.output());
        TensorShapeProto.Dimension c = m.channels() > 0 ? dim(m.channels()) : TensorShapeProto.Dimension.getDefaultInstance();
        out.addOutput(m.rank() == 2
                ? valueInfo(OnnxExporter.OUTPUT_NAME, dim("N"), c)
                : valueInfo(OnnxExporter.OUTPUT_NAME, dim("N"), c, dim("H_out"), dim("W_out")));
        return out.build();
    }

    private void writeNode(Node n) {
        String x = name(n.input());
        Meta in = meta.get(n.input());
        String y = name(n.outputs().get(0));
        Meta result = switch (n.op()) {
            case Op.Conv2d c -> {
                String w = initializer(n, "weight", new long[] {c.outChannels(), c.inChannels() / c.groups(),
                        c.kernelH(), c.kernelW()}, c.weight());
                List<String> inputs = c.bias() == null ? List.of(x, w)
                        : List.of(x, w, initializer(n, "bias", new long[] {c.outChannels()}, c.bias()));
                out.addNode(node("Conv", n.name(), inputs, y,
                        ints("kernel_shape", c.kernelH(), c.kernelW()), ints("strides", c.strideH(), c.strideW()),
                        ints("pads", c.padTop(), c.padLeft(), c.padBottom(), c.padRight()),
                        ints("dilations", 1, 1), intAttr("group", c.groups())));
                yield new Meta(4, c.outChannels());
            }
            case Op.BatchNorm b -> {
                long[] d = {b.channels()};
                out.addNode(node("BatchNormalization", n.name(), List.of(x, initializer(n, "scale", d, b.scale()),
                        initializer(n, "bias", d, b.bias()), initializer(n, "mean", d, b.mean()),
                        initializer(n, "var", d, b.variance())), y, floatAttr("epsilon", b.epsilon())));
                yield in;
            }
            case Op.Relu r -> {
                out.addNode(node("Relu", n.name(), List.of(x), y));
                yield in;
            }
            case Op.Clip c -> { // opset 11 and later: the bounds are scalar inputs
                out.addNode(node("Clip", n.name(), List.of(x, initializer(n, "min", new long[0], new float[] {c.min()}),
                        initializer(n, "max", new long[0], new float[] {c.max()})), y));
                yield in;
            }
            case Op.MaxPool p -> {
                out.addNode(node("MaxPool", n.name(), List.of(x), y, ints("kernel_shape", p.kernelH(), p.kernelW()),
                        ints("strides", p.strideH(), p.strideW()),
                        ints("pads", p.padTop(), p.padLeft(), p.padBottom(), p.padRight())));
                yield in;
            }
            case Op.AvgPool p -> {
                out.addNode(node("AveragePool", n.name(), List.of(x), y, ints("kernel_shape", p.kernelH(), p.kernelW()),
                        ints("strides", p.strideH(), p.strideW()),
                        ints("pads", p.padTop(), p.padLeft(), p.padBottom(), p.padRight()),
                        intAttr("count_include_pad", p.countIncludePad() ? 1 : 0)));
                yield in;
            }
            case Op.GlobalAvgPool p -> {
                if (p.keepDims()) {
                    out.addNode(node("GlobalAveragePool", n.name(), List.of(x), y));
                } else { // opset 17: ReduceMean takes axes as an attribute
                    out.addNode(node("ReduceMean", n.name(), List.of(x), y, ints("axes", 2, 3), intAttr("keepdims", 0)));
                }
                yield new Meta(p.keepDims() ? 4 : 2, in.channels());
            }
            case Op.Flatten f -> {
                out.addNode(node("Flatten", n.name(), List.of(x), y, intAttr("axis", 1)));
                yield new Meta(2, in.rank() == 2 ? in.channels() : -1);
            }
            case Op.Concat c -> {
                int channels = 0;
                for (Value v : n.inputs()) {
                    int vc = meta.get(v).channels();
                    channels = channels < 0 || vc < 0 ? -1 : channels + vc;
                }
                out.addNode(node("Concat", n.name(), n.inputs().stream().map(this::name).toList(), y, intAttr("axis", 1)));
                yield new Meta(in.rank(), channels);
            }
            case Op.ChannelSlice s -> {
                out.addNode(node("Slice", n.name(), List.of(x,
                        intInitializer(n, "starts", s.start()), intInitializer(n, "ends", s.end()),
                        intInitializer(n, "axes", 1)), y));
                yield new Meta(in.rank(), s.end() - s.start());
            }
            case Op.ChannelShuffle s -> {
                writeShuffle(n, s, x, in, y);
                yield in;
            }
            case Op.Add a -> {
                out.addNode(node("Add", n.name(), List.of(x, name(n.inputs().get(1))), y));
                yield in;
            }
            case Op.Linear l -> {
                String w = initializer(n, "weight", new long[] {l.outFeatures(), l.inFeatures()}, l.weight());
                List<String> inputs = l.bias() == null ? List.of(x, w)
                        : List.of(x, w, initializer(n, "bias", new long[] {l.outFeatures()}, l.bias()));
                out.addNode(node("Gemm", n.name(), inputs, y, intAttr("transB", 1)));
                yield new Meta(2, l.outFeatures());
            }
            case Op.Softmax s -> {
                out.addNode(node("Softmax", n.name(), List.of(x), y, intAttr("axis", 1)));
                yield in;
            }
        };
        meta.put(n.outputs().get(0), result);
    }

    /**
     * Reshape(x, [0, g, C/g, -1]) -> Transpose(0, 2, 1, 3) -> Reshape(., Shape(x)): 0 copies the batch and
     * -1 absorbs H*W, so the model stays valid for any batch and image size.
     */
    private void writeShuffle(Node n, Op.ChannelShuffle s, String x, Meta in, String y) {
        int g = s.groups();
        if (in.rank() != 4 || in.channels() < 0 || in.channels() % g != 0)
            throw new IllegalArgumentException("node " + n + ": ChannelShuffle(" + g + ") needs a rank-4 input whose"
                    + " channels divide by " + g + ", found rank " + in.rank() + " with " + in.channels() + " channels");
        String shape = uniqueValue(y + "/shape");
        String grouped = uniqueValue(y + "/grouped");
        String transposed = uniqueValue(y + "/transposed");
        String groupedShape = intInitializer(n, "grouped_shape", 0, g, in.channels() / g, -1);
        out.addNode(node("Shape", uniqueNode(n.name() + "/Shape"), List.of(x), shape));
        out.addNode(node("Reshape", uniqueNode(n.name() + "/Reshape"), List.of(x, groupedShape), grouped));
        out.addNode(node("Transpose", n.name(), List.of(grouped), transposed, ints("perm", 0, 2, 1, 3)));
        out.addNode(node("Reshape", uniqueNode(n.name() + "/ReshapeBack"), List.of(transposed, shape), y));
    }

    // ---- names ----

    private String name(Value v) {
        return names.computeIfAbsent(v, k -> uniqueValue(k.name()));
    }

    private String uniqueValue(String preferred) {
        if (usedValueNames.add(preferred)) return preferred;
        for (int k = 1; ; k++) if (usedValueNames.add(preferred + "_" + k)) return preferred + "_" + k;
    }

    private String uniqueNode(String preferred) {
        if (usedNodeNames.add(preferred)) return preferred;
        for (int k = 1; ; k++) if (usedNodeNames.add(preferred + "_" + k)) return preferred + "_" + k;
    }

    // ---- protobuf pieces ----

    private String initializer(Node n, String role, long[] dims, float[] data) {
        String name = uniqueValue(n.name() + "." + role);
        out.addInitializer(OnnxTensors.encodeFloats(name, dims, data));
        return name;
    }

    private String intInitializer(Node n, String role, long... values) {
        String name = uniqueValue(n.name() + "." + role);
        out.addInitializer(OnnxTensors.encodeInt64s(name, new long[] {values.length}, values));
        return name;
    }

    private static NodeProto node(String opType, String name, List<String> inputs, String output, AttributeProto... attrs) {
        return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addOutput(output)
                .addAllAttribute(Arrays.asList(attrs)).build();
    }

    private static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    private static TensorShapeProto.Dimension dim(long value) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    private static TensorShapeProto.Dimension dim(String param) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(param).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorShapeProto.Dimension... dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(TensorShapeProto.newBuilder().addAllDim(Arrays.asList(dims)));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }
}
