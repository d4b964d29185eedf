package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ONNX node as the importer sees it: typed attribute access that rejects attributes the importer
 * does not understand, optional inputs, and error messages that name the file and the node.
 */
final class OnnxNode {
    /**
     * Attributes any op may carry without effect on inference: consumed_inputs is an opset-1 memory
     * hint (Caffe2 exports still write it), and ONNX leaves it without semantics.
     */
    private static final Set<String> HARMLESS_EVERYWHERE = Set.of("consumed_inputs");

    private final NodeProto proto;
    private final String source;
    private final int index;
    private final int opset;
    private final Map<String, AttributeProto> attributes = new LinkedHashMap<>();

    OnnxNode(NodeProto proto, String source, int index, int opset) {
        this.proto = proto;
        this.source = source;
        this.index = index;
        this.opset = opset;
        for (AttributeProto a : proto.getAttributeList()) {
            if (attributes.put(a.getName(), a) != null) throw fail("attribute '" + a.getName() + "' appears twice");
        }
    }

    String opType() { return proto.getOpType(); }

    String domain() { return proto.getDomain(); }

    int opset() { return opset; }

    /** The ONNX node name, or a stand-in built from its position when the file gives none. */
    String name() { return proto.getName().isEmpty() ? opType() + "_" + index : proto.getName(); }

    /** Whether the file names this node (rather than name() making one up). */
    boolean hasOwnName() { return !proto.getName().isEmpty(); }

    /** How the node is named in messages. */
    String label() {
        String shown = proto.getName().isEmpty() ? "#" + index + " (unnamed)" : "'" + proto.getName() + "'";
        return "node " + shown + " (" + opType() + ")";
    }

    OnnxImportException fail(String what) {
        return new OnnxImportException(source + ": " + label() + ": " + what);
    }

    // ---- inputs and outputs ----

    int inputCount() { return proto.getInputCount(); }

    /** Whether optional input i is present (ONNX marks a skipped optional input with an empty name). */
    boolean hasInput(int i) { return i < proto.getInputCount() && !proto.getInput(i).isEmpty(); }

    String input(int i) {
        if (!hasInput(i)) throw fail("expected input " + i + ", found " + proto.getInputCount() + " input(s) "
                + proto.getInputList());
        return proto.getInput(i);
    }

    int outputCount() { return proto.getOutputCount(); }

    boolean hasOutput(int i) { return i < proto.getOutputCount() && !proto.getOutput(i).isEmpty(); }

    String output(int i) {
        if (!hasOutput(i)) throw fail("expected output " + i + ", found " + proto.getOutputCount() + " output(s)");
        return proto.getOutput(i);
    }

    void requireInputs(int min, int max) {
        int n = proto.getInputCount();
        if (n < min || n > max)
            throw fail("expected " + (min == max ? String.valueOf(min) : min + " to " + max) + " inputs, found " + n);
    }

    // ---- attributes ----

    /** Rejects any attribute outside {@code known}: an attribute we ignored could change the result. */
    void allowAttributes(String... known) {
        Set<String> allowed = Set.of(known);
        Set<String> unknown = new TreeSet<>();
        for (String name : attributes.keySet()) {
            if (!allowed.contains(name) && !HARMLESS_EVERYWHERE.contains(name)) unknown.add(name);
        }
        if (!unknown.isEmpty())
            throw fail("unsupported attribute(s) " + unknown + "; this importer understands " + new TreeSet<>(allowed));
    }

    boolean has(String name) { return attributes.containsKey(name); }

    long getInt(String name, long defaultValue) {
        AttributeProto a = attributes.get(name);
        if (a == null) return defaultValue;
        checkType(a, AttributeType.INT);
        return a.getI();
    }

    float getFloat(String name, float defaultValue) {
        AttributeProto a = attributes.get(name);
        if (a == null) return defaultValue;
        checkType(a, AttributeType.FLOAT);
        return a.getF();
    }

    /** The INTS attribute, or null when absent. */
    long[] getInts(String name) {
        AttributeProto a = attributes.get(name);
        if (a == null) return null;
        checkType(a, AttributeType.INTS);
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    float[] getFloats(String name) {
        AttributeProto a = attributes.get(name);
        if (a == null) return null;
        checkType(a, AttributeType.FLOATS);
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) out[i] = a.getFloats(i);
        return out;
    }

    String getString(String name, String defaultValue) {
        AttributeProto a = attributes.get(name);
        if (a == null) return defaultValue;
        checkType(a, AttributeType.STRING);
        return a.getS().toStringUtf8();
    }

    TensorProto getTensor(String name) {
        AttributeProto a = attributes.get(name);
        if (a == null) return null;
        checkType(a, AttributeType.TENSOR);
        return a.getT();
    }

    /** An int attribute that must hold one of the given values. */
    long getIntOneOf(String name, long defaultValue, long... allowed) {
        long v = getInt(name, defaultValue);
        for (long ok : allowed) if (v == ok) return v;
        throw fail("attribute " + name + " must be one of " + Arrays.toString(allowed) + ", found " + v);
    }

    /**
     * Files from IR version 1 may leave the type unset; then the field that holds the value decides, and
     * a mismatch shows up as a default value, which the op's own checks report.
     */
    private void checkType(AttributeProto a, AttributeType expected) {
        if (a.getType() != AttributeType.UNDEFINED && a.getType() != expected)
            throw fail("attribute " + a.getName() + " must be of type " + expected + ", found " + a.getType());
    }
}
