package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.onnx.OnnxValue.Known;
import dev.shufflenet.panama.onnx.OnnxValue.MatMulResult;
import dev.shufflenet.panama.onnx.OnnxValue.Pending;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;
import dev.shufflenet.panama.onnx.OnnxValue.Unavailable;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The importer's table of ONNX values and the IR graph under construction. IR values keep their ONNX
 * names; IR nodes keep their ONNX node names, made unique where the file repeats or omits them.
 */
final class ImportState {
    final String source;
    /** Whether the input's H and W are fixed in the file (so the probe size is the only size). */
    final boolean spatialFixed;
    /** Whether the input's batch is fixed in the file. */
    final boolean batchFixed;

    final Validation validation;
    private final GraphBuilder builder;
    private final Map<String, OnnxValue> values = new HashMap<>();
    /** ONNX element type of constants whose type the file states (initializers, Constant, Cast). */
    private final Map<String, Integer> elementTypes = new HashMap<>();
    private final Set<String> usedNodeNames = new HashSet<>();
    private final Set<String> reservedNodeNames;
    private final Set<String> usedValueNames;

    ImportState(String source, GraphBuilder builder, Validation validation, boolean batchFixed, boolean spatialFixed,
                Set<String> onnxNodeNames, Set<String> onnxValueNames) {
        this.source = source;
        this.validation = validation;
        this.builder = builder;
        this.batchFixed = batchFixed;
        this.spatialFixed = spatialFixed;
        this.reservedNodeNames = Set.copyOf(onnxNodeNames);
        this.usedValueNames = new HashSet<>(onnxValueNames);
    }

    /** Whether axis (of an NCHW or [N, C] tensor) has the same size for every input the file allows. */
    boolean isFixed(int axis) {
        return axis == 0 ? batchFixed : axis == 1 || spatialFixed;
    }

    void define(OnnxNode node, String name, OnnxValue v) {
        if (values.putIfAbsent(name, v) != null) {
            String who = node == null ? source : source + ": " + node.label();
            throw new OnnxImportException(who + ": value '" + name + "' is defined twice");
        }
    }

    /** Defines output i of the node, if the node has it. */
    void defineOutput(OnnxNode node, int i, OnnxValue v) {
        if (node.hasOutput(i)) define(node, node.output(i), v);
    }

    /** Marks outputs from index {@code from} on as produced but unusable, with the reason. */
    void defineUnavailableOutputs(OnnxNode node, int from, String reason) {
        for (int i = from; i < node.outputCount(); i++) defineOutput(node, i, new Unavailable(reason));
    }

    /** The value read by input i, whatever its kind. */
    OnnxValue value(OnnxNode node, int i) {
        String name = node.input(i);
        return lookup(node, name);
    }

    OnnxValue lookup(OnnxNode node, String name) {
        OnnxValue v = values.get(name);
        if (v == null)
            throw node.fail("input '" + name + "' is not produced by any earlier node, initializer or graph input");
        if (v instanceof Unavailable u) throw node.fail("input '" + name + "' is " + u.reason());
        return v;
    }

    boolean isKnown(OnnxNode node, int i) { return value(node, i) instanceof Known; }

    /** Input i as a constant; {@code role} names it in errors (e.g. "weight"). */
    ConstTensor constant(OnnxNode node, int i, String role) {
        OnnxValue v = value(node, i);
        if (v instanceof Known k) return k.tensor();
        throw node.fail(role + " '" + node.input(i) + "' must be a constant (initializer or computable from shapes),"
                + " found a tensor computed at run time");
    }

    float[] floats(OnnxNode node, int i, String role, long... expectedDims) {
        ConstTensor t = constant(node, i, role);
        if (!t.isFloat()) throw node.fail(role + " '" + node.input(i) + "' must be float, found " + t.describe());
        if (expectedDims.length > 0 && !Arrays.equals(t.dims(), expectedDims))
            throw node.fail(role + " '" + node.input(i) + "' must have shape " + Arrays.toString(expectedDims)
                    + ", found " + Arrays.toString(t.dims()));
        return t.floats();
    }

    /** A checker-only rule at this node: refused when strict, recorded when lenient (see Validation). */
    void tolerable(OnnxNode node, String rule, String detail) {
        validation.tolerable(source + ": " + node.label(), rule, detail);
    }

    /** An integer constant the op's schema wants 1-D; a scalar is a checker-only violation. */
    long[] ints1D(OnnxNode node, int i, String role) {
        long[] values = ints(node, i, role);
        if (constant(node, i, role).rank() == 0)
            tolerable(node, "input-rank", role + " '" + node.input(i) + "' is a scalar; " + node.opType()
                    + " expects a 1-D tensor (lenient: read as one element)");
        return values;
    }

    /** Records the element type the file gives a constant value. */
    void recordElementType(String name, int onnxType) { elementTypes.put(name, onnxType); }

    /** A rank-0 or rank-1 integer constant (shape, axes, starts, ...). */
    long[] ints(OnnxNode node, int i, String role) {
        ConstTensor t = constant(node, i, role);
        Integer type = elementTypes.get(node.input(i));
        if (type != null && type != TensorProto.DataType.INT64_VALUE && type != TensorProto.DataType.INT32_VALUE)
            tolerable(node, "type-constraint", role + " '" + node.input(i) + "' is " + OnnxTensors.typeName(type)
                    + "; " + node.opType() + " expects int64 (or int32) (lenient: the integers are read as they are)");
        if (t.isFloat() || t.rank() > 1)
            throw node.fail(role + " '" + node.input(i) + "' must be a rank-1 integer tensor, found " + t.describe());
        return t.ints();
    }

    /**
     * Input i as a runtime tensor in the IR. A MatMul result that is used other than by a bias Add becomes
     * a Linear without bias here; the channel shuffle's intermediate steps and constants are refused.
     */
    Tensor tensor(OnnxNode node, int i) {
        String name = node.input(i);
        OnnxValue v = value(node, i);
        return switch (v) {
            case Tensor t -> t;
            case MatMulResult m -> materialize(name, m);
            case Pending p -> throw node.fail("input '" + name + "' is " + p.explanation());
            case Known k -> throw node.fail("input '" + name + "' must be a tensor computed at run time, found a constant "
                    + k.tensor().describe());
            case Unavailable u -> throw node.fail("input '" + name + "' is " + u.reason());
        };
    }

    /** Runtime tensor input i with the given rank. */
    Tensor tensor(OnnxNode node, int i, int rank) {
        Tensor t = tensor(node, i);
        if (t.shape().length != rank)
            throw node.fail("input '" + node.input(i) + "' must have rank " + rank + ", found shape "
                    + Arrays.toString(t.shape()) + " (probe shape)");
        return t;
    }

    /** The graph output, as an IR value. */
    Tensor output(String name) {
        OnnxValue v = values.get(name);
        return switch (v) {
            case null -> throw new OnnxImportException(source + ": graph output '" + name + "' is never produced");
            case Tensor t -> t;
            case MatMulResult m -> materialize(name, m);
            case Pending p -> throw new OnnxImportException(source + ": graph output '" + name + "' is " + p.explanation());
            case Known k -> throw new OnnxImportException(source + ": graph output '" + name
                    + "' is a constant, expected a tensor computed from the input");
            case Unavailable u -> throw new OnnxImportException(source + ": graph output '" + name + "' is " + u.reason());
        };
    }

    private Tensor materialize(String name, MatMulResult m) {
        int k = m.source().shape()[1];
        Tensor t = emit(m.nodeName(), m.ownName(), new Op.Linear(m.outFeatures(), k, m.weight(), null), name, m.shape(), m.source());
        values.put(name, t);
        return t;
    }

    /** Adds an IR node and returns its output; the node name is made unique if needed (see uniqueNodeName). */
    Tensor emit(String preferredName, boolean ownName, Op op, String outputName, int[] shape, Tensor... inputs) {
        long perImage = 1;
        for (int i = 1; i < shape.length; i++) perImage *= Math.max(shape[i], 0);
        if (perImage > OnnxGraphConverter.MAX_ELEMENTS_PER_IMAGE || Arrays.stream(shape).anyMatch(d -> d <= 0))
            throw new OnnxImportException(source + ": node '" + preferredName + "': output shape "
                    + Arrays.toString(shape) + " (probe shape) is empty or over the limit of "
                    + OnnxGraphConverter.MAX_ELEMENTS_PER_IMAGE + " floats per image (one Java float array)");
        String nodeName = uniqueNodeName(preferredName, ownName);
        Value out = new Value(outputName);
        List<Value> in = Arrays.stream(inputs).map(Tensor::value).toList();
        builder.addNode(new Node(nodeName, op, in, List.of(out)));
        return new Tensor(out, shape);
    }

    /** Emits a single-output IR node for output 0 of {@code node} and defines that output. */
    Tensor emitFor(OnnxNode node, Op op, int[] shape, Tensor... inputs) {
        Tensor t = emit(node.name(), node.hasOwnName(), op, node.output(0), shape, inputs);
        define(node, node.output(0), t);
        return t;
    }

    /**
     * {@code preferred} if it is free; a name the file gives some node is taken only by that node (ownName),
     * so a stand-in for an unnamed node never steals it. Otherwise a suffixed variant.
     */
    String uniqueNodeName(String preferred, boolean ownName) {
        if (!usedNodeNames.contains(preferred) && (ownName || !reservedNodeNames.contains(preferred))) {
            usedNodeNames.add(preferred);
            return preferred;
        }
        for (int k = 1; ; k++) {
            String candidate = preferred + "_" + k;
            if (!usedNodeNames.contains(candidate) && !reservedNodeNames.contains(candidate)) {
                usedNodeNames.add(candidate);
                return candidate;
            }
        }
    }

    /** A value name used nowhere in the file nor so far in the IR. */
    String freshValueName(String base) {
        for (int k = 1; ; k++) {
            String candidate = base + "_" + k;
            if (usedValueNames.add(candidate)) return candidate;
        }
    }
}
