package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.onnx.OnnxValue.Known;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;
import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks an ONNX graph's nodes in order and builds the IR: the graph input and the initializers seed
 * the value table, each node is converted by its op's handler, the first graph output ends it.
 */
final class OnnxGraphConverter {
    /** Newest default-domain opset whose operator semantics this importer was written against. */
    static final int MAX_OPSET = 23;
    /** Probe spatial size where the file leaves H or W dynamic; any size that the net accepts would do. */
    static final int PROBE_SIZE = 224;
    /** Largest tensor per image, in floats, at any point of the probe: the longest Java float array. */
    static final long MAX_ELEMENTS_PER_IMAGE = Integer.MAX_VALUE - 8;

    private interface Handler { void convert(OnnxNode node, ImportState s); }

    private static final Map<String, Handler> HANDLERS = Map.ofEntries(
            Map.entry("Conv", SpatialOps::conv),
            Map.entry("BatchNormalization", SpatialOps::batchNormalization),
            Map.entry("MaxPool", SpatialOps::maxPool),
            Map.entry("AveragePool", SpatialOps::averagePool),
            Map.entry("GlobalAveragePool", SpatialOps::globalAveragePool),
            Map.entry("ReduceMean", SpatialOps::reduceMean),
            Map.entry("Relu", DenseOps::relu),
            Map.entry("Clip", ClipOps::clip),
            Map.entry("Add", DenseOps::add),
            Map.entry("Sum", DenseOps::sum),
            Map.entry("Gemm", DenseOps::gemm),
            Map.entry("MatMul", DenseOps::matMul),
            Map.entry("Softmax", DenseOps::softmax),
            Map.entry("Identity", DenseOps::identity),
            Map.entry("Dropout", DenseOps::dropout),
            Map.entry("Concat", ChannelOps::concat),
            Map.entry("Slice", ChannelOps::slice),
            Map.entry("Split", ChannelOps::split),
            Map.entry("Flatten", ChannelOps::flatten),
            Map.entry("Reshape", ChannelOps::reshape),
            Map.entry("Transpose", ChannelOps::transpose),
            Map.entry("Constant", ConstantOps::constant),
            Map.entry("Shape", ConstantOps::shape),
            Map.entry("Gather", ConstantOps::gather),
            Map.entry("Cast", ConstantOps::cast),
            Map.entry("Unsqueeze", ConstantOps::unsqueeze),
            Map.entry("Squeeze", ConstantOps::squeeze),
            Map.entry("ConstantOfShape", ConstantOps::constantOfShape),
            Map.entry("Sub", (n, s) -> ConstantOps.arithmetic(n, s, ShapeArithmetic.Binary.SUB)),
            Map.entry("Mul", (n, s) -> ConstantOps.arithmetic(n, s, ShapeArithmetic.Binary.MUL)),
            Map.entry("Div", (n, s) -> ConstantOps.arithmetic(n, s, ShapeArithmetic.Binary.DIV)));

    private OnnxGraphConverter() {}

    static boolean supports(String opType) { return HANDLERS.containsKey(opType); }

    static OnnxModel convert(ModelProto model, String source, Validation validation) {
        int opset = OnnxModelChecker.check(model, source, validation);
        GraphProto g = model.getGraph();

        Set<String> initializerNames = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) initializerNames.add(t.getName());
        ValueInfoProto input = imageInput(g, initializerNames, source);
        DeclaredInput declared = declaredInput(input, source, validation);
        int channels = declared.channels();
        boolean fixedN = declared.batchFixed();
        int n = fixedN ? declared.batch() : 1;
        boolean fixedH = declared.height() != DeclaredInput.DYNAMIC, fixedW = declared.width() != DeclaredInput.DYNAMIC;
        int h = fixedH ? declared.height() : PROBE_SIZE;
        int w = fixedW ? declared.width() : PROBE_SIZE;

        String graphName = g.getName().isEmpty() ? source : g.getName();
        GraphBuilder builder = new GraphBuilder(graphName, input.getName(), channels);
        Set<String> nodeNames = new HashSet<>(), valueNames = new HashSet<>();
        for (NodeProto node : g.getNodeList()) {
            if (!node.getName().isEmpty()) nodeNames.add(node.getName());
            valueNames.addAll(node.getOutputList());
        }
        valueNames.addAll(initializerNames);
        valueNames.add(input.getName());
        ImportState s = new ImportState(source, builder, validation, fixedN, fixedH && fixedW, nodeNames, valueNames);

        s.define(null, input.getName(), new Tensor(builder.input(), new int[] {n, channels, h, w}));
        Set<String> read = new HashSet<>();
        for (NodeProto node : g.getNodeList()) read.addAll(node.getInputList());
        for (TensorProto t : g.getInitializerList()) {
            // An initializer we cannot read fails only if a node uses it; the message then names that node.
            OnnxValue value;
            try {
                value = new Known(OnnxTensors.decode(t, ""));
            } catch (OnnxImportException e) {
                value = new OnnxValue.Unavailable("an initializer that cannot be read: " + e.getMessage());
            }
            if (value instanceof Known k && read.contains(t.getName()))
                FiniteWeights.check(k.tensor(), source, "initializer '" + t.getName() + "' ("
                        + OnnxTensors.typeName(t.getDataType()) + ")", validation);
            s.define(null, t.getName(), value);
            s.recordElementType(t.getName(), t.getDataType());
        }
        for (int i : TopologicalOrder.of(g, source, validation)) convertNode(new OnnxNode(g.getNode(i), source, i, opset), s);

        if (g.getOutputCount() == 0) throw new OnnxImportException(source + ": the graph declares no output");
        Tensor out = s.output(g.getOutput(0).getName());
        try {
            // A fixed height and width become the model's compile size (CompiledModel checks against them).
            // A fixed batch likewise: CompiledModel refuses another maxBatch and runs at another batch.
            return new OnnxModel(builder.build(out.value()).withDeclaredInputSize(fixedH ? h : 0, fixedW ? w : 0)
                    .withDeclaredBatch(fixedN ? n : 0), declared, validation.tolerated());
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(source + ": " + e.getMessage(), e);
        }
    }

    private static void convertNode(OnnxNode node, ImportState s) {
        String domain = node.domain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx"))
            throw node.fail("operators of domain '" + domain + "' are not supported; expected the default ONNX domain");
        Handler h = HANDLERS.get(node.opType());
        if (h == null)
            throw node.fail("unsupported operator; supported are " + new TreeSet<>(HANDLERS.keySet()));
        try {
            h.convert(node, s);
        } catch (OnnxImportException e) {
            throw e;
        } catch (RuntimeException e) {
            // IR record checks (e.g. Conv2d weight sizes) and anything unforeseen in a malformed file:
            // report it against the node rather than as a bare stack trace.
            throw new OnnxImportException(node.fail(e.getMessage() == null ? e.toString() : e.getMessage()).getMessage(), e);
        }
    }

    /** The one graph input that is not an initializer: a float32 [N, C, H, W] image with C fixed. */
    private static ValueInfoProto imageInput(GraphProto g, Set<String> initializerNames, String source) {
        List<ValueInfoProto> inputs = g.getInputList().stream()
                .filter(v -> !initializerNames.contains(v.getName())).toList();
        if (inputs.size() != 1)
            throw new OnnxImportException(source + ": expected exactly one graph input besides the initializers, found "
                    + inputs.size() + " " + inputs.stream().map(ValueInfoProto::getName).toList());
        ValueInfoProto in = inputs.get(0);
        String what = source + ": graph input '" + in.getName() + "'";
        if (!in.getType().hasTensorType())
            throw new OnnxImportException(what + " must be a tensor, found another type");
        var tt = in.getType().getTensorType();
        if (tt.getElemType() != TensorProto.DataType.FLOAT_VALUE)
            throw new OnnxImportException(what + " must be float32, found " + OnnxTensors.typeName(tt.getElemType()));
        if (!tt.hasShape() || tt.getShape().getDimCount() != 4)
            throw new OnnxImportException(what + " must have rank 4 [N, C, H, W], found "
                    + (tt.hasShape() ? "rank " + tt.getShape().getDimCount() : "no shape"));
        TensorShapeProto.Dimension c = tt.getShape().getDim(1);
        if (!c.hasDimValue() || c.getDimValue() <= 0 || c.getDimValue() > Integer.MAX_VALUE)
            throw new OnnxImportException(what + " must have a fixed channel count (dimension 1), found "
                    + (c.hasDimParam() ? "'" + c.getDimParam() + "'" : c.hasDimValue() ? c.getDimValue() : "none"));
        return in;
    }

    /**
     * Batch, height and width as fixed sizes or DYNAMIC. A zero is a fixed empty dimension in ONNX (ONNX
     * Runtime then refuses any real image); lenient import reads it as dynamic. A fixed size whose image
     * cannot be held in one float array is refused: no workspace for it can exist.
     */
    private static DeclaredInput declaredInput(ValueInfoProto in, String source, Validation v) {
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        String where = source + ": graph input '" + in.getName() + "'";
        String[] axisNames = {"batch", "channels", "height", "width"};
        int[] d = new int[4];
        for (int i = 0; i < 4; i++) {
            TensorShapeProto.Dimension dim = shape.getDim(i);
            d[i] = DeclaredInput.DYNAMIC;
            if (!dim.hasDimValue()) continue;
            long value = dim.getDimValue();
            if (value < 0 || value > Integer.MAX_VALUE)
                throw Validation.refuse(where, "input-dims", axisNames[i] + " (dimension " + i + ") is " + value
                        + "; expected a size from 1 to " + Integer.MAX_VALUE + " or a symbolic dimension");
            if (value == 0) {
                v.tolerable(where, "input-dims", axisNames[i] + " (dimension " + i + ") is fixed at 0, an empty"
                        + " tensor; expected a positive size or a symbolic dimension (lenient: read as dynamic)");
                continue;
            }
            d[i] = (int) value;
        }
        long perImage = (long) d[1] * (d[2] == DeclaredInput.DYNAMIC ? 1 : d[2]) * (d[3] == DeclaredInput.DYNAMIC ? 1 : d[3]);
        if (perImage > MAX_ELEMENTS_PER_IMAGE)
            throw Validation.refuse(where, "input-dims", "fixed shape " + Arrays.toString(d).replace("-1", "?")
                    + " needs " + perImage + " floats per image, over the limit of " + MAX_ELEMENTS_PER_IMAGE
                    + " (one Java float array); no workspace for it can exist");
        return new DeclaredInput(in.getName(), d[1], d[0], d[2], d[3]);
    }
}
