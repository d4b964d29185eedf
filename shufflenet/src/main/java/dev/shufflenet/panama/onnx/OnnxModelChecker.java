package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The whole-model rules of ONNX's checker (onnx/checker.cc) and ONNX Runtime's graph resolution, checked
 * before any node is converted: IR version, opset imports, unique node names, single definition of each
 * value, and each op's number of outputs.
 */
final class OnnxModelChecker {
    /** Newest ONNX IR version (ONNX 1.18 writes IR version 11). */
    static final long MAX_IR_VERSION = 11;

    private OnnxModelChecker() {}

    /** Checks the model and returns its default-domain opset. */
    static int check(ModelProto model, String source, Validation v) {
        long ir = model.getIrVersion();
        if (ir < 1 || ir > MAX_IR_VERSION)
            v.tolerable(source, "ir-version", "ir_version " + ir + " is not an ONNX IR version; expected 1 to "
                    + MAX_IR_VERSION);
        int opset = defaultOpset(model, source, v);
        GraphProto g = model.getGraph();
        checkNodeNames(g, source, v);
        checkSingleDefinition(g, source);
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().isEmpty())
                throw Validation.refuse(source + ": node #" + i, "op-type", "node has no op_type");
            boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            if (defaultDomain && OnnxGraphConverter.supports(n.getOpType())) {
                checkOutputCount(n, i, opset, source, v);
                for (AttributeProto a : n.getAttributeList()) checkAttributeFields(n, i, a, ir, source, v);
                if (n.getOpType().equals("BatchNormalization") && opset < 6
                        && n.getAttributeList().stream().noneMatch(a -> a.getName().equals("consumed_inputs")))
                    v.tolerable(where(source, n, i), "required-attribute", "BatchNormalization-1 (opset " + opset
                            + ") requires attribute consumed_inputs, found none (lenient: it has no effect on inference)");
            }
        }
        return opset;
    }

    private static int defaultOpset(ModelProto model, String source, Validation v) {
        Long found = null;
        Set<String> domains = new HashSet<>();
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            String domain = id.getDomain().equals("ai.onnx") ? "" : id.getDomain();
            if (!domains.add(domain))
                v.tolerable(source, "opset-import", "opset_import lists domain '" + domain + "' more than once"
                        + " (versions " + model.getOpsetImportList().stream()
                        .filter(o -> (o.getDomain().equals("ai.onnx") ? "" : o.getDomain()).equals(domain))
                        .map(OperatorSetIdProto::getVersion).toList()
                        + "); expected one entry per domain (lenient: the last is used, as ONNX Runtime does)");
            if (domain.isEmpty()) found = id.getVersion();
        }
        if (found != null) {
            long version = found;
            if (version < 1 || version > OnnxGraphConverter.MAX_OPSET)
                throw new OnnxImportException(source + ": default-domain opset " + version + " is not supported;"
                        + " expected 1 to " + OnnxGraphConverter.MAX_OPSET);
            return (int) version;
        }
        // IR version 1/2 files may lack opset_import; ONNX then means opset 1.
        if (model.getIrVersion() <= 2) return 1;
        throw new OnnxImportException(source + ": the model imports no default-domain opset (opset_import is empty)");
    }

    /** ONNX Runtime: "two nodes with same node name". Unnamed nodes are fine. */
    private static void checkNodeNames(GraphProto g, String source, Validation v) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            String name = g.getNode(i).getName();
            if (name.isEmpty()) continue;
            Integer earlier = first.putIfAbsent(name, i);
            if (earlier != null)
                v.tolerable(source + ": node #" + i + " '" + name + "' (" + g.getNode(i).getOpType() + ")",
                        "unique-node-name", "node name '" + name + "' is already used by node #" + earlier
                                + " (" + g.getNode(earlier).getOpType() + "); expected unique node names");
        }
    }

    /**
     * Static single assignment: every value has one definition (a graph input, an initializer, or one
     * node output). An initializer may share its name with a graph input (IR version 3 and older list
     * every weight as an input). Refused in both modes: which definition a reader uses is a guess.
     */
    private static void checkSingleDefinition(GraphProto g, String source) {
        Map<String, String> definedBy = new HashMap<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (definedBy.putIfAbsent(in.getName(), "graph input") != null)
                throw Validation.refuse(source, "unique-value-name", "graph input '" + in.getName()
                        + "' is listed twice");
        }
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!initializers.add(t.getName()))
                throw Validation.refuse(source, "unique-value-name", "initializer '" + t.getName() + "' is defined twice");
            definedBy.putIfAbsent(t.getName(), "initializer");
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().isEmpty())
                throw Validation.refuse(source + ": node #" + i, "op-type", "node has no op_type");
            String label = "node #" + i + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'") + " (" + n.getOpType() + ")";
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) continue; // a skipped optional output
                String earlier = definedBy.putIfAbsent(out, label);
                if (earlier != null)
                    throw Validation.refuse(source + ": " + label, "unique-value-name", "output '" + out
                            + "' is already defined by " + earlier + "; expected each value defined once");
            }
        }
    }

    private static String where(String source, NodeProto n, int index) {
        return source + ": node #" + index + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'") + " (" + n.getOpType() + ")";
    }

    /**
     * ONNX's check_attribute: at most one value field, the one the type names, and a type from IR version
     * 2 on. A value in another field than the type's makes the attribute mean two things: refused in both
     * modes. A missing type (IR version 1 style) is read from the field the op expects.
     */
    private static void checkAttributeFields(NodeProto n, int index, AttributeProto a, long ir, String source, Validation v) {
        // This project's onnx.proto subset is proto3: a scalar field counts as used when it is not zero.
        List<AttributeType> used = new ArrayList<>();
        if (Float.floatToRawIntBits(a.getF()) != 0) used.add(AttributeType.FLOAT);
        if (a.getI() != 0) used.add(AttributeType.INT);
        if (!a.getS().isEmpty()) used.add(AttributeType.STRING);
        if (a.hasT()) used.add(AttributeType.TENSOR);
        if (a.hasG()) used.add(AttributeType.GRAPH);
        if (a.getFloatsCount() > 0) used.add(AttributeType.FLOATS);
        if (a.getIntsCount() > 0) used.add(AttributeType.INTS);
        if (a.getStringsCount() > 0) used.add(AttributeType.STRINGS);
        if (a.getTensorsCount() > 0) used.add(AttributeType.TENSORS);
        String what = "attribute '" + a.getName() + "'";
        if (used.size() > 1)
            throw Validation.refuse(where(source, n, index), "attribute-fields", what + " holds more than one value field "
                    + used + "; expected exactly one");
        if (a.getType() == AttributeType.UNDEFINED) {
            if (ir >= 2)
                v.tolerable(where(source, n, index), "attribute-fields", what + " has no type (required from IR"
                        + " version 2 on, found ir_version " + ir + "); lenient: read from the field the op expects");
        } else if (!used.isEmpty() && used.get(0) != a.getType()) {
            throw Validation.refuse(where(source, n, index), "attribute-fields", what + " is declared " + a.getType()
                    + " but holds a " + used.get(0) + " value");
        }
    }

    /** Output count per op, from the ONNX operator schemas (the ops the importer converts). */
    private static void checkOutputCount(NodeProto n, int index, int opset, String source, Validation v) {
        if (n.getOpType().equals("BatchNormalization") && opset >= 14 && n.getOutputCount() == 2)
            v.tolerable(where(source, n, index), "op-outputs", "BatchNormalization-" + (opset >= 15 ? 15 : 14)
                    + " has 1 output (inference) or 3 (training), found 2 " + n.getOutputList());
        int max = switch (n.getOpType()) {
            case "BatchNormalization" -> opset >= 14 ? 3 : 5;
            case "MaxPool", "Dropout" -> 2;
            case "Split" -> Integer.MAX_VALUE;
            default -> 1;
        };
        // Only trailing outputs beyond the schema are checked here; a node with none is the converter's to refuse.
        if (n.getOutputCount() > max)
            v.tolerable(source + ": node #" + index + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'")
                    + " (" + n.getOpType() + ")", "op-outputs", n.getOpType() + " has at most " + max + " output(s)"
                    + " at opset " + opset + ", found " + n.getOutputCount() + " " + n.getOutputList()
                    + " (lenient: the extra outputs are never produced)");
    }
}
