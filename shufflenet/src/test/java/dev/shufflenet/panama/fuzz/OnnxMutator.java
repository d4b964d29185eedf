package dev.shufflenet.panama.fuzz;

import com.google.protobuf.ByteString;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Structure-aware mutations of an ONNX model, one family at a time: the protobuf is edited through its
 * builders (dims, attributes, initializers, node wiring, opsets), or its bytes are flipped or cut. Every
 * choice comes from the given Random, so a case is replayed from its seed alone.
 */
final class OnnxMutator {
    enum Family { DIMS, ATTRIBUTES, INITIALIZERS, WIRING, OPSETS, BYTE_FLIPS, TRUNCATIONS }

    /** A mutated file and what was done to it (printed with a failing seed). */
    record Mutant(byte[] bytes, String description) {}

    /** Boundary values that exporters, overflows and off-by-ones produce. */
    private static final long[] INTERESTING = {0, 1, 2, 3, -1, -2, 7, 100000, Integer.MAX_VALUE, 1L << 31, 1L << 40,
            Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] OP_TYPES = {"Conv", "Relu", "Add", "MaxPool", "AveragePool", "GlobalAveragePool",
            "BatchNormalization", "Concat", "Slice", "Split", "Reshape", "Transpose", "Flatten", "Gemm", "MatMul",
            "Identity", "Softmax", "Shape", "Gather", "Unsqueeze", "Mul", "LeakyRelu", ""};

    private final Random rnd;

    OnnxMutator(Random rnd) { this.rnd = rnd; }

    Mutant mutate(ModelProto seed, byte[] seedBytes, Family family) {
        return switch (family) {
            case BYTE_FLIPS -> flipBytes(seedBytes);
            case TRUNCATIONS -> truncate(seedBytes);
            default -> {
                ModelProto.Builder m = seed.toBuilder();
                String what = switch (family) {
                    case DIMS -> dims(m);
                    case ATTRIBUTES -> attributes(m);
                    case INITIALIZERS -> initializers(m);
                    case WIRING -> wiring(m);
                    case OPSETS -> opsets(m);
                    default -> throw new AssertionError(family);
                };
                yield new Mutant(m.build().toByteArray(), what);
            }
        };
    }

    private long interesting() {
        return rnd.nextInt(3) == 0 ? rnd.nextInt(300) - 20 : INTERESTING[rnd.nextInt(INTERESTING.length)];
    }

    // ---- DIMS: the graph input's shape, initializer dims, declared outputs ----

    private String dims(ModelProto.Builder m) {
        GraphProto.Builder g = m.getGraphBuilder();
        int choice = rnd.nextInt(10);
        if (choice < 6 && g.getInputCount() > 0) {
            var shape = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            if (shape.getDimCount() == 0) return "input has no dims";
            if (choice == 5) {
                if (rnd.nextBoolean()) shape.removeDim(rnd.nextInt(shape.getDimCount()));
                else shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(interesting()));
                return "input rank changed to " + shape.getDimCount();
            }
            int i = rnd.nextInt(shape.getDimCount());
            TensorShapeProto.Dimension.Builder d = shape.getDimBuilder(i);
            if (rnd.nextInt(4) == 0) {
                d.clearDimValue().setDimParam("fuzz" + i);
                return "input dim " + i + " made symbolic";
            }
            long v = rnd.nextBoolean() ? new long[] {0, 1, 2, 7, 16, 31, 32, 33, 64, 97, 100000, -3, 1L << 31}[rnd.nextInt(13)] : interesting();
            d.clearDimParam().setDimValue(v);
            return "input dim " + i + " = " + v;
        }
        if (choice < 9 && g.getInitializerCount() > 0) {
            int t = rnd.nextInt(g.getInitializerCount());
            TensorProto.Builder tensor = g.getInitializerBuilder(t);
            if (tensor.getDimsCount() == 0 || rnd.nextInt(4) == 0) {
                tensor.addDims(rnd.nextInt(3) + 1);
                return "initializer '" + tensor.getName() + "' gets an extra dim";
            }
            int i = rnd.nextInt(tensor.getDimsCount());
            long v = rnd.nextBoolean() ? tensor.getDims(i) + (rnd.nextBoolean() ? 1 : -1) : interesting();
            tensor.setDims(i, v);
            return "initializer '" + tensor.getName() + "' dim " + i + " = " + v;
        }
        if (g.getOutputCount() > 0) {
            g.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(interesting()));
            return "graph output gets a declared dim";
        }
        return "nothing to mutate";
    }

    // ---- ATTRIBUTES: values, lengths, types, presence ----

    private String attributes(ModelProto.Builder m) {
        GraphProto.Builder g = m.getGraphBuilder();
        if (g.getNodeCount() == 0) return "no nodes";
        int n = pickNode(g, true);
        NodeProto.Builder node = g.getNodeBuilder(n);
        String at = "node #" + n + " (" + node.getOpType() + ")";
        int choice = rnd.nextInt(10);
        if (node.getAttributeCount() == 0 || choice >= 8) {
            String[] names = {"auto_pad", "pads", "strides", "dilations", "kernel_shape", "group", "axis", "ceil_mode",
                    "count_include_pad", "epsilon", "perm", "keepdims", "allowzero", "foo"};
            String name = names[rnd.nextInt(names.length)];
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
            switch (name) {
                case "auto_pad" -> a.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(
                        new String[] {"SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET", "same"}[rnd.nextInt(5)]));
                case "epsilon" -> a.setType(AttributeType.FLOAT).setF(rnd.nextBoolean() ? Float.NaN : -1f);
                case "pads", "strides", "dilations", "kernel_shape", "perm" -> {
                    a.setType(AttributeType.INTS);
                    int len = rnd.nextInt(6);
                    for (int i = 0; i < len; i++) a.addInts(rnd.nextInt(3) == 0 ? interesting() : rnd.nextInt(4));
                }
                default -> a.setType(AttributeType.INT).setI(interesting());
            }
            node.addAttribute(a);
            return at + ": attribute " + name + " added: " + a.build().toString().replace('\n', ' ');
        }
        int i = rnd.nextInt(node.getAttributeCount());
        AttributeProto.Builder a = node.getAttributeBuilder(i);
        String name = a.getName();
        switch (choice) {
            case 0 -> { node.removeAttribute(i); return at + ": attribute " + name + " removed"; }
            case 1 -> { node.addAttribute(a.build()); return at + ": attribute " + name + " duplicated"; }
            case 2 -> {
                AttributeType t = AttributeType.forNumber(rnd.nextInt(15));
                a.setType(t == null ? AttributeType.UNDEFINED : t);
                return at + ": attribute " + name + " type = " + a.getType();
            }
            case 3 -> { a.setI(interesting()); return at + ": attribute " + name + " i = " + a.getI(); }
            case 4 -> { a.setF(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 0f, -1f, 1e30f}[rnd.nextInt(5)]); return at + ": " + name + " f = " + a.getF(); }
            case 5 -> {
                if (a.getIntsCount() > 0) {
                    int k = rnd.nextInt(a.getIntsCount());
                    a.setInts(k, interesting());
                    return at + ": attribute " + name + " ints[" + k + "] = " + a.getInts(k);
                }
                a.addInts(interesting());
                return at + ": attribute " + name + " gets an int";
            }
            case 6 -> {
                if (a.getIntsCount() > 0 && rnd.nextBoolean()) {
                    List<Long> v = new ArrayList<>(a.getIntsList());
                    v.remove(rnd.nextInt(v.size()));
                    a.clearInts().addAllInts(v);
                    return at + ": attribute " + name + " loses an element: " + v;
                }
                a.addInts(rnd.nextInt(3));
                return at + ": attribute " + name + " gains an element: " + a.getIntsList();
            }
            default -> {
                a.setS(ByteString.copyFromUtf8(new String[] {"SAME_UPPER", "SAME_LOWER", "VALID", "", "\u0000"}[rnd.nextInt(5)]));
                return at + ": attribute " + name + " s = '" + a.getS().toStringUtf8() + "'";
            }
        }
    }

    // ---- INITIALIZERS: contents, encoding, type, presence ----

    private String initializers(ModelProto.Builder m) {
        GraphProto.Builder g = m.getGraphBuilder();
        if (g.getInitializerCount() == 0) return "no initializers";
        int t = rnd.nextInt(g.getInitializerCount());
        TensorProto.Builder tensor = g.getInitializerBuilder(t);
        String at = "initializer '" + tensor.getName() + "'";
        switch (rnd.nextInt(8)) {
            case 0, 1 -> { // a value change: the run must still agree with ONNX Runtime
                if (tensor.getRawData().size() >= 4 && tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                    byte[] raw = tensor.getRawData().toByteArray();
                    int k = rnd.nextInt(raw.length / 4);
                    float v = new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e30f, -7.5f, 0f, 1e-30f}[rnd.nextInt(6)];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * k, v);
                    tensor.setRawData(ByteString.copyFrom(raw));
                    return at + ": element " + k + " = " + v;
                }
                if (tensor.getInt64DataCount() > 0) {
                    int k = rnd.nextInt(tensor.getInt64DataCount());
                    tensor.setInt64Data(k, interesting());
                    return at + ": int64 element " + k + " = " + tensor.getInt64Data(k);
                }
                return at + ": no raw float data";
            }
            case 2 -> {
                ByteString raw = tensor.getRawData();
                int cut = raw.isEmpty() ? 0 : rnd.nextInt(raw.size());
                tensor.setRawData(raw.substring(0, cut));
                return at + ": raw_data cut to " + cut + " bytes";
            }
            case 3 -> {
                int type = rnd.nextInt(17);
                tensor.setDataType(type);
                return at + ": data_type = " + type;
            }
            case 4 -> { g.removeInitializer(t); return at + " removed"; }
            case 5 -> {
                tensor.setName(g.getInitializer(rnd.nextInt(g.getInitializerCount())).getName());
                return at + " renamed to an existing name '" + tensor.getName() + "'";
            }
            case 6 -> { // raw_data and a typed field both set, or the data moved to the typed field
                if (!tensor.getRawData().isEmpty() && tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                    tensor.addFloatData(1f);
                    return at + ": float_data beside raw_data";
                }
                tensor.addInt64Data(interesting());
                return at + ": extra int64_data";
            }
            default -> {
                byte[] raw = tensor.getRawData().toByteArray();
                if (raw.length == 0) return at + ": empty raw_data";
                raw[rnd.nextInt(raw.length)] ^= (byte) (1 << rnd.nextInt(8));
                tensor.setRawData(ByteString.copyFrom(raw));
                return at + ": one raw_data bit flipped";
            }
        }
    }

    // ---- WIRING: inputs, outputs, order, op types ----

    private String wiring(ModelProto.Builder m) {
        GraphProto.Builder g = m.getGraphBuilder();
        if (g.getNodeCount() == 0) return "no nodes";
        int n = pickNode(g, false);
        NodeProto.Builder node = g.getNodeBuilder(n);
        String at = "node #" + n + " (" + node.getOpType() + " '" + node.getName() + "')";
        List<String> values = valueNames(g);
        switch (rnd.nextInt(10)) {
            case 0 -> {
                if (node.getInputCount() < 2) return at + ": fewer than 2 inputs";
                int a = rnd.nextInt(node.getInputCount()), b = rnd.nextInt(node.getInputCount());
                String x = node.getInput(a);
                node.setInput(a, node.getInput(b)).setInput(b, x);
                return at + ": inputs " + a + " and " + b + " swapped";
            }
            case 1 -> {
                if (node.getInputCount() == 0) return at + ": no inputs";
                int a = rnd.nextInt(node.getInputCount());
                node.setInput(a, values.get(rnd.nextInt(values.size())));
                return at + ": input " + a + " = '" + node.getInput(a) + "'";
            }
            case 2 -> {
                if (node.getOutputCount() == 0) return at + ": no outputs";
                String name = rnd.nextBoolean() ? values.get(rnd.nextInt(values.size())) : "fuzz_" + rnd.nextInt(1000);
                node.setOutput(0, name);
                return at + ": output 0 renamed to '" + name + "'";
            }
            case 3 -> { g.removeNode(n); return at + " removed"; }
            case 4 -> { g.addNode(rnd.nextInt(g.getNodeCount() + 1), node.build()); return at + " duplicated"; }
            case 5 -> {
                NodeProto moved = node.build();
                g.removeNode(n);
                int to = rnd.nextInt(g.getNodeCount() + 1);
                g.addNode(to, moved);
                return at + " moved to position " + to;
            }
            case 6 -> {
                node.setOpType(OP_TYPES[rnd.nextInt(OP_TYPES.length)]);
                return at + ": op_type = '" + node.getOpType() + "'";
            }
            case 7 -> {
                if (rnd.nextBoolean() && node.getInputCount() > 0) {
                    List<String> in = new ArrayList<>(node.getInputList());
                    in.remove(in.size() - 1);
                    node.clearInput().addAllInput(in);
                }
                else node.addInput(rnd.nextBoolean() ? "" : values.get(rnd.nextInt(values.size())));
                return at + ": inputs now " + node.getInputList();
            }
            case 8 -> {
                if (rnd.nextBoolean()) node.addOutput("fuzz_extra_" + rnd.nextInt(100));
                else if (node.getOutputCount() > 0) {
                    List<String> out = new ArrayList<>(node.getOutputList());
                    out.remove(out.size() - 1);
                    node.clearOutput().addAllOutput(out);
                }
                return at + ": outputs now " + node.getOutputList();
            }
            default -> {
                if (g.getOutputCount() == 0) return "no graph output";
                String name = values.get(rnd.nextInt(values.size()));
                g.getOutputBuilder(0).setName(name);
                return "graph output = '" + name + "'";
            }
        }
    }

    // ---- OPSETS: versions, entries, domains, IR version ----

    private String opsets(ModelProto.Builder m) {
        long[] versions = {0, 1, 5, 6, 7, 9, 10, 11, 12, 13, 14, 17, 18, 21, 23, 24, 1L << 40, -1};
        long v = versions[rnd.nextInt(versions.length)];
        switch (rnd.nextInt(7)) {
            case 0 -> {
                if (m.getOpsetImportCount() == 0) return "no opset_import";
                m.getOpsetImportBuilder(0).setVersion(v);
                return "default opset = " + v;
            }
            case 1 -> {
                m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(rnd.nextBoolean() ? "" : "ai.onnx").setVersion(v));
                return "second default-domain opset entry, version " + v;
            }
            case 2 -> { m.clearOpsetImport(); return "opset_import removed"; }
            case 3 -> {
                if (m.getOpsetImportCount() > 0) m.getOpsetImportBuilder(0).setDomain(rnd.nextBoolean() ? "ai.onnx" : "com.example");
                return "opset domain = '" + (m.getOpsetImportCount() > 0 ? m.getOpsetImport(0).getDomain() : "") + "'";
            }
            case 4 -> {
                long ir = new long[] {0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 1L << 40, -1}[rnd.nextInt(13)];
                m.setIrVersion(ir);
                return "ir_version = " + ir;
            }
            case 5 -> {
                GraphProto.Builder g = m.getGraphBuilder();
                if (g.getNodeCount() == 0) return "no nodes";
                int n = rnd.nextInt(g.getNodeCount());
                String domain = new String[] {"ai.onnx", "com.microsoft", "ai.onnx.ml", "x"}[rnd.nextInt(4)];
                g.getNodeBuilder(n).setDomain(domain);
                return "node #" + n + " domain = '" + domain + "'";
            }
            default -> {
                m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
                return "extra com.microsoft opset entry";
            }
        }
    }

    // ---- bytes ----

    private Mutant flipBytes(byte[] seed) {
        byte[] b = seed.clone();
        int flips = 1 + rnd.nextInt(8);
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < flips; i++) {
            // Half the flips land in the first 4 KB, where the graph structure (not the weights) lives in small files.
            int pos = rnd.nextBoolean() ? rnd.nextInt(Math.min(b.length, 4096)) : rnd.nextInt(b.length);
            b[pos] ^= (byte) (1 + rnd.nextInt(255));
            at.append(i == 0 ? "" : ",").append(pos);
        }
        return new Mutant(b, flips + " byte(s) flipped at " + at);
    }

    private Mutant truncate(byte[] seed) {
        int cut = rnd.nextBoolean() ? rnd.nextInt(Math.min(seed.length, 8192)) : rnd.nextInt(seed.length);
        byte[] b = new byte[cut];
        System.arraycopy(seed, 0, b, 0, cut);
        return new Mutant(b, "cut to " + cut + " of " + seed.length + " bytes");
    }

    // ---- helpers ----

    /** A node index; with {@code withAttributes}, one that has attributes where the graph has any. */
    private int pickNode(GraphProto.Builder g, boolean withAttributes) {
        for (int tries = 0; tries < 20; tries++) {
            int n = rnd.nextInt(g.getNodeCount());
            if (!withAttributes || g.getNode(n).getAttributeCount() > 0) return n;
        }
        return rnd.nextInt(g.getNodeCount());
    }

    private static List<String> valueNames(GraphProto.Builder g) {
        Set<String> names = new LinkedHashSet<>();
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        g.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        names.add("");
        return new ArrayList<>(names);
    }
}
