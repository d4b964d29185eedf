package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.onnx.OnnxValue.Known;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;

import java.util.ArrayList;
import java.util.List;

/**
 * Ops whose results the importer computes itself: Constant and the shape arithmetic exporters put in
 * front of Reshape (Shape, Gather, Cast, Unsqueeze, Squeeze, ConstantOfShape, Sub, Mul, Div). They add
 * nothing to the IR; their results feed Reshape, Slice, Split and ReduceMean as known constants.
 */
final class ConstantOps {
    private ConstantOps() {}

    static void constant(OnnxNode node, ImportState s) {
        node.requireInputs(0, 0);
        node.allowAttributes("value", "value_float", "value_floats", "value_int", "value_ints");
        ConstTensor t;
        if (node.has("value")) {
            t = OnnxTensors.decode(node.getTensor("value"), s.source + ": " + node.label());
            s.recordElementType(node.output(0), node.getTensor("value").getDataType());
        } else if (node.has("value_float")) {
            t = ConstTensor.ofFloats(new long[0], new float[] {node.getFloat("value_float", 0)});
        } else if (node.has("value_floats")) {
            float[] v = node.getFloats("value_floats");
            t = ConstTensor.ofFloats(new long[] {v.length}, v);
        } else if (node.has("value_int")) {
            t = ConstTensor.ofInts(new long[0], new long[] {node.getInt("value_int", 0)});
        } else if (node.has("value_ints")) {
            t = ConstTensor.vector(node.getInts("value_ints"));
        } else {
            throw node.fail("expected one of the attributes value, value_float(s), value_int(s), found none");
        }
        FiniteWeights.check(t, s.source + ": " + node.label(), "value '" + node.output(0) + "'", s.validation);
        s.define(node, node.output(0), new Known(t));
    }

    static void shape(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("start", "end");
        long[] dims = switch (s.value(node, 0)) {
            case Known k -> k.tensor().dims();
            case Tensor t -> toLongs(t.shape());
            case OnnxValue.Pending p -> toLongs(p.shape());
            case OnnxValue.Unavailable u -> throw node.fail("input is " + u.reason());
        };
        long start = node.getInt("start", 0), end = node.getInt("end", Long.MAX_VALUE);
        s.define(node, node.output(0), new Known(ShapeArithmetic.shapeOf(dims, start, end)));
    }

    static void gather(OnnxNode node, ImportState s) {
        node.requireInputs(2, 2);
        node.allowAttributes("axis");
        ConstTensor data = s.constant(node, 0, "data");
        ConstTensor indices = s.constant(node, 1, "indices");
        s.define(node, node.output(0), new Known(ShapeArithmetic.gather(node, data, indices, node.getInt("axis", 0))));
    }

    /** Casts constants; a run-time tensor may only be cast to float32, which it already is. */
    static void cast(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("to", "saturate");
        if (!node.has("to")) throw node.fail("attribute 'to' is required");
        int to = (int) node.getInt("to", 0);
        OnnxValue v = s.value(node, 0);
        if (v instanceof Known k) {
            s.define(node, node.output(0), new Known(ShapeArithmetic.cast(node, k.tensor(), to)));
            s.recordElementType(node.output(0), to);
        } else if (to == TensorProto.DataType.FLOAT_VALUE) {
            s.define(node, node.output(0), s.tensor(node, 0));
        } else {
            throw node.fail("Cast of a run-time tensor to " + OnnxTensors.typeName(to)
                    + " is not supported; the graph computes in float32");
        }
    }

    static void unsqueeze(OnnxNode node, ImportState s) {
        long[] axes = axesAttributeOrInput(node, s, true);
        ConstTensor x = s.constant(node, 0, "data");
        s.define(node, node.output(0), new Known(ShapeArithmetic.unsqueeze(node, x, axes)));
    }

    static void squeeze(OnnxNode node, ImportState s) {
        long[] axes = axesAttributeOrInput(node, s, false);
        ConstTensor x = s.constant(node, 0, "data");
        s.define(node, node.output(0), new Known(ShapeArithmetic.squeeze(node, x, axes)));
    }

    /** Before opset 13 Unsqueeze and Squeeze take axes as an attribute, from 13 on as input 1. */
    private static long[] axesAttributeOrInput(OnnxNode node, ImportState s, boolean required) {
        long[] axes;
        if (node.opset() < 13) {
            node.requireInputs(1, 1);
            node.allowAttributes("axes");
            axes = node.getInts("axes");
        } else {
            node.requireInputs(1, 2);
            node.allowAttributes();
            axes = node.hasInput(1) ? s.ints(node, 1, "axes") : null;
        }
        if (axes == null && required) throw node.fail("axes are required");
        return axes;
    }

    static void constantOfShape(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("value");
        ConstTensor shape = s.constant(node, 0, "shape");
        ConstTensor value = node.has("value")
                ? OnnxTensors.decode(node.getTensor("value"), s.source + ": " + node.label())
                : ConstTensor.ofFloats(new long[] {1}, new float[] {0f});
        s.define(node, node.output(0), new Known(ShapeArithmetic.constantOfShape(node, shape, value)));
    }

    /** Sub, Mul and Div: only on constants (the IR has no such run-time ops). */
    static void arithmetic(OnnxNode node, ImportState s, ShapeArithmetic.Binary op) {
        node.requireInputs(2, 2);
        node.allowAttributes("broadcast");
        if (!s.isKnown(node, 0) || !s.isKnown(node, 1))
            throw node.fail(node.opType() + " of run-time tensors is not supported; it is evaluated only on constants"
                    + " (shape arithmetic)");
        ConstTensor a = s.constant(node, 0, "A"), b = s.constant(node, 1, "B");
        s.define(node, node.output(0), new Known(ShapeArithmetic.binary(node, op, a, b)));
    }

    /** Whether every input of the node is a known constant. */
    static boolean allKnown(OnnxNode node, ImportState s) {
        for (int i = 0; i < node.inputCount(); i++) if (node.hasInput(i) && !s.isKnown(node, i)) return false;
        return true;
    }

    static List<ConstTensor> allConstants(OnnxNode node, ImportState s) {
        List<ConstTensor> out = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) out.add(s.constant(node, i, "input " + i));
        return out;
    }

    static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i];
        return out;
    }
}
