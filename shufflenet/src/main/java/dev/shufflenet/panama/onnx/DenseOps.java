package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.onnx.OnnxValue.Known;
import dev.shufflenet.panama.onnx.OnnxValue.MatMulResult;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Element-wise ops (Relu, Add, Sum), the classifier head (Gemm, MatMul + Add, Softmax) and the ops that
 * inference passes straight through (Identity, Dropout).
 */
final class DenseOps {
    private DenseOps() {}

    static void relu(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes();
        Tensor x = s.tensor(node, 0);
        s.emitFor(node, new Op.Relu(), x.shape().clone(), x);
    }

    /**
     * Add of two run-time tensors of one shape, of constants (shape arithmetic), or of a MatMul result and
     * a constant bias (which makes the MatMul a Linear with bias).
     */
    static void add(OnnxNode node, ImportState s) {
        node.requireInputs(2, 2);
        node.allowAttributes("broadcast"); // Add-1 to Add-6: 1 allows the broadcasting we check below anyway
        OnnxValue a = s.value(node, 0), b = s.value(node, 1);
        if (a instanceof Known ka && b instanceof Known kb) {
            s.define(node, node.output(0), new Known(ShapeArithmetic.binary(node, ShapeArithmetic.Binary.ADD,
                    ka.tensor(), kb.tensor())));
        } else if (a instanceof MatMulResult m && b instanceof Known) {
            linearWithBias(node, s, m, 1);
        } else if (b instanceof MatMulResult m && a instanceof Known) {
            linearWithBias(node, s, m, 0);
        } else if (a instanceof Known || b instanceof Known) {
            throw node.fail("Add of a run-time tensor and a constant is supported only as the bias of a MatMul;"
                    + " '" + node.input(a instanceof Known ? 0 : 1) + "' is a constant");
        } else {
            Tensor x = s.tensor(node, 0), y = s.tensor(node, 1);
            requireSameShape(node, x, y);
            s.emitFor(node, new Op.Add(), x.shape().clone(), x, y);
        }
    }

    private static void linearWithBias(OnnxNode node, ImportState s, MatMulResult m, int biasInput) {
        float[] bias = biasVector(node, s.constant(node, biasInput, "bias"), m.outFeatures(), "bias", 1f);
        int k = m.source().shape()[1];
        Tensor t = s.emit(m.nodeName(), m.ownName(), new Op.Linear(m.outFeatures(), k, m.weight(), bias),
                node.output(0), m.shape(), m.source());
        s.define(node, node.output(0), t);
    }

    /** Sum of any number of inputs: a chain of two-input Adds (Caffe2 exports write residuals as Sum). */
    static void sum(OnnxNode node, ImportState s) {
        node.allowAttributes();
        if (node.inputCount() == 0) throw node.fail("expected at least one input");
        if (ConstantOps.allKnown(node, s)) {
            List<ConstTensor> parts = ConstantOps.allConstants(node, s);
            ConstTensor acc = parts.get(0);
            for (int i = 1; i < parts.size(); i++)
                acc = ShapeArithmetic.binary(node, ShapeArithmetic.Binary.ADD, acc, parts.get(i));
            s.define(node, node.output(0), new Known(acc));
            return;
        }
        List<Tensor> terms = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) terms.add(s.tensor(node, i));
        for (Tensor t : terms) requireSameShape(node, terms.get(0), t);
        Tensor acc = terms.get(0);
        int last = terms.size() - 1;
        for (int i = 1; i <= last; i++) {
            boolean isLast = i == last;
            String out = isLast ? node.output(0) : s.freshValueName(node.output(0) + "_partial");
            String name = isLast ? node.name() : node.name() + "_partial" + i;
            acc = s.emit(name, isLast && node.hasOwnName(), new Op.Add(), out, acc.shape().clone(), acc, terms.get(i));
        }
        s.define(node, node.output(0), acc);
    }

    /** Gemm with transA=0: alpha is folded into the weight and beta into the bias. */
    static void gemm(OnnxNode node, ImportState s) {
        node.requireInputs(2, 3);
        node.allowAttributes("alpha", "beta", "transA", "transB", "broadcast");
        if (node.getInt("transA", 0) != 0)
            throw node.fail("transA=1 is not supported; expected the activations [N, K] as input A (transA=0)");
        Tensor a = s.tensor(node, 0, 2);
        int k = a.shape()[1];
        ConstTensor b = s.constant(node, 1, "B");
        if (!b.isFloat() || b.rank() != 2) throw node.fail("B must be a float matrix, found " + b.describe());
        boolean transB = node.getIntOneOf("transB", 0, 0, 1) == 1;
        int bk = (int) b.dims()[transB ? 1 : 0], m = (int) b.dims()[transB ? 0 : 1];
        if (bk != k)
            throw node.fail("B " + Arrays.toString(b.dims()) + (transB ? " (transB=1)" : "") + " needs " + bk
                    + " input features, found input shape " + Arrays.toString(a.shape()));
        float alpha = node.getFloat("alpha", 1f), beta = node.getFloat("beta", 1f);
        float[] weight = transB ? b.floats().clone() : transpose(b.floats(), k, m);
        if (alpha != 1f) for (int i = 0; i < weight.length; i++) weight[i] *= alpha;
        float[] bias = node.hasInput(2) && beta != 0f
                ? biasVector(node, s.constant(node, 2, "C"), m, "C", beta) : null;
        s.emitFor(node, new Op.Linear(m, k, weight, bias), new int[] {a.shape()[0], m}, a);
    }

    /** MatMul by a constant [K, M]; it becomes a Linear when the next Add (bias) or another consumer is seen. */
    static void matMul(OnnxNode node, ImportState s) {
        node.requireInputs(2, 2);
        node.allowAttributes();
        Tensor a = s.tensor(node, 0, 2);
        ConstTensor b = s.constant(node, 1, "B");
        if (!b.isFloat() || b.rank() != 2 || b.dims()[0] != a.shape()[1])
            throw node.fail("B must be a float matrix [" + a.shape()[1] + ", M] for input shape "
                    + Arrays.toString(a.shape()) + ", found " + b.describe());
        int k = a.shape()[1], m = (int) b.dims()[1];
        s.define(node, node.output(0), new MatMulResult(a, m, transpose(b.floats(), k, m), node.name(), node.hasOwnName()));
    }

    /** Softmax over channels of [N, C]; axis defaults to 1 before opset 13 and to -1 from then on. */
    static void softmax(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("axis");
        Tensor x = s.tensor(node, 0);
        long axis = node.getInt("axis", node.opset() < 13 ? 1 : -1);
        if (x.shape().length != 2 || ShapeArithmetic.normalizeAxis(node, axis, 2) != 1)
            throw node.fail("Softmax is supported over axis 1 of a [N, C] tensor, found axis " + axis + " on shape "
                    + Arrays.toString(x.shape()));
        s.emitFor(node, new Op.Softmax(), x.shape().clone(), x);
    }

    static void identity(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes();
        s.define(node, node.output(0), s.value(node, 0));
    }

    /** Inference Dropout is the identity; its optional mask output is not produced. */
    static void dropout(OnnxNode node, ImportState s) {
        node.requireInputs(1, 3);
        node.allowAttributes("ratio", "is_test", "seed");
        if (node.hasInput(2)) {
            ConstTensor training = s.constant(node, 2, "training_mode");
            if (training.size() != 1 || training.number(0) != 0)
                throw node.fail("training_mode must be false for inference, found " + training.describe());
        }
        s.define(node, node.output(0), s.value(node, 0));
        s.defineUnavailableOutputs(node, 1, "the mask output of Dropout, which inference does not produce");
    }

    /** A bias of M values given as [M], [1, M], or a broadcast scalar, times scale. */
    private static float[] biasVector(OnnxNode node, ConstTensor c, int m, String role, float scale) {
        if (!c.isFloat()) throw node.fail(role + " must be float, found " + c.describe());
        long[] d = c.dims();
        boolean vector = (d.length == 1 && d[0] == m) || (d.length == 2 && d[0] == 1 && d[1] == m);
        boolean scalar = c.size() == 1 && d.length <= 2;
        if (!vector && !scalar)
            throw node.fail(role + " must have shape [" + m + "] or [1, " + m + "] (one bias per output), found "
                    + Arrays.toString(d));
        float[] out = new float[m];
        for (int i = 0; i < m; i++) out[i] = c.floats()[vector ? i : 0];
        if (scale != 1f) for (int i = 0; i < m; i++) out[i] *= scale;
        return out;
    }

    /** [rows][cols] row-major to [cols][rows]. */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }

    private static void requireSameShape(OnnxNode node, Tensor x, Tensor y) {
        if (!Arrays.equals(x.shape(), y.shape()))
            throw node.fail("inputs must have the same shape (broadcasting is not supported), found "
                    + Arrays.toString(x.shape()) + " ('" + x.value() + "') and " + Arrays.toString(y.shape())
                    + " ('" + y.value() + "')");
    }
}
