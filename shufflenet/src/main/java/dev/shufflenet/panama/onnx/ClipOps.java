package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;

/**
 * ONNX Clip (MobileNet's ReLU6 is Clip(x, 0, 6)): the bounds are attributes {@code min}/{@code max} up to
 * opset 10 (Clip-1, Clip-6) and optional scalar inputs from opset 11 (Clip-11, -12, -13). A bound left out is
 * the float range's end, as the operator's schema says ({@code numeric_limits<float>::lowest()} and
 * {@code max()}), so an infinite input becomes -/+{@link Float#MAX_VALUE}, as in ONNX Runtime.
 */
final class ClipOps {
    private ClipOps() {}

    static void clip(OnnxNode node, ImportState s) {
        float min = -Float.MAX_VALUE, max = Float.MAX_VALUE;
        if (node.opset() < 11) {
            node.requireInputs(1, 1);
            node.allowAttributes("min", "max");
            min = node.getFloat("min", min);
            max = node.getFloat("max", max);
        } else {
            node.requireInputs(1, 3);
            node.allowAttributes();
            if (node.hasInput(1)) min = bound(node, s, 1, "min");
            if (node.hasInput(2)) max = bound(node, s, 2, "max");
        }
        if (Float.isNaN(min) || Float.isNaN(max) || min > max)
            throw node.fail("Clip bounds must be numbers with min <= max; found min " + min + ", max " + max);
        Tensor x = s.tensor(node, 0);
        s.emitFor(node, new Op.Clip(min, max), x.shape().clone(), x);
    }

    /** A bound input: a float constant holding one value (a scalar; a one-element 1-D tensor is tolerated). */
    private static float bound(OnnxNode node, ImportState s, int i, String role) {
        ConstTensor t = s.constant(node, i, role);
        if (!t.isFloat() || t.size() != 1)
            throw node.fail(role + " '" + node.input(i) + "' must be a float scalar, found " + t.describe());
        if (t.rank() != 0)
            s.tolerable(node, "input-rank", role + " '" + node.input(i) + "' has shape " + java.util.Arrays.toString(t.dims())
                    + "; Clip expects a scalar (lenient: its one value is read)");
        return t.floats()[0];
    }
}
