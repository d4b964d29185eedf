package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Conv, BatchNormalization and the poolings: ops over [N, C, H, W] feature maps with fixed kernels,
 * strides and pads.
 */
final class SpatialOps {
    private SpatialOps() {}

    static void conv(OnnxNode node, ImportState s) {
        node.requireInputs(2, 3);
        node.allowAttributes("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        Tensor x = s.tensor(node, 0, 4);
        ConstTensor w = s.constant(node, 1, "weight");
        if (!w.isFloat() || w.rank() != 4)
            throw node.fail("weight '" + node.input(1) + "' must be a float [M, C/group, kH, kW] tensor, found " + w.describe());
        int group = positive(node, "group", node.getInt("group", 1));
        int m = (int) w.dims()[0], cPerGroup = (int) w.dims()[1];
        int[] kernel = {(int) w.dims()[2], (int) w.dims()[3]};
        int c = x.shape()[1];
        if ((long) cPerGroup * group != c)
            throw node.fail("weight " + Arrays.toString(w.dims()) + " with group " + group + " expects "
                    + (long) cPerGroup * group + " input channels, found input shape " + Arrays.toString(x.shape()));
        if (m % group != 0)
            throw node.fail("group " + group + " must divide the " + m + " output channels");
        long[] kernelShape = node.getInts("kernel_shape");
        if (kernelShape != null && !Arrays.equals(kernelShape, new long[] {kernel[0], kernel[1]}))
            throw node.fail("kernel_shape " + Arrays.toString(kernelShape) + " disagrees with the weight's "
                    + Arrays.toString(kernel));
        int[] strides = pair(node, "strides");
        requireNoDilation(node, s);
        int[] pads = pads(node, s, x.shape(), kernel, strides);
        float[] bias = node.hasInput(2) ? s.floats(node, 2, "bias", m) : null;
        Op.Conv2d op = new Op.Conv2d(m, c, kernel[0], kernel[1], strides[0], strides[1],
                pads[0], pads[1], pads[2], pads[3], group, w.floats(), bias);
        s.emitFor(node, op, outputShape(node, x.shape(), m, kernel, strides, pads), x);
    }

    static void batchNormalization(OnnxNode node, ImportState s) {
        node.requireInputs(5, 5);
        // spatial (opset < 9), is_test (opset < 7) and momentum are old or training-only attributes;
        // Caffe2 exports (the ONNX model zoo's ShuffleNet v1) carry them.
        node.allowAttributes("epsilon", "momentum", "spatial", "is_test", "training_mode");
        // Each of them exists only in some versions of the op; ONNX Runtime refuses them elsewhere.
        attributeOnlyIn(node, s, "is_test", 1, 6);
        attributeOnlyIn(node, s, "spatial", 1, 8);
        attributeOnlyIn(node, s, "training_mode", 14, Integer.MAX_VALUE);
        if (node.getInt("spatial", 1) != 1)
            throw node.fail("spatial=" + node.getInt("spatial", 1) + " (per-activation statistics) is not supported;"
                    + " expected spatial=1");
        if (node.getInt("training_mode", 0) != 0)
            throw node.fail("training_mode=1 is not supported; expected an inference graph (training_mode=0)");
        Tensor x = s.tensor(node, 0);
        if (x.shape().length != 4 && x.shape().length != 2)
            throw node.fail("input must have rank 4 or 2, found shape " + Arrays.toString(x.shape()));
        int c = x.shape()[1];
        Op.BatchNorm op = new Op.BatchNorm(s.floats(node, 1, "scale", c), s.floats(node, 2, "bias", c),
                s.floats(node, 3, "mean", c), s.floats(node, 4, "variance", c), node.getFloat("epsilon", 1e-5f));
        s.emitFor(node, op, x.shape().clone(), x);
        s.defineUnavailableOutputs(node, 1, "a training-time output of BatchNormalization (running or saved"
                + " statistics), which inference does not produce");
    }

    /** An attribute that the op's schema has only at opsets first to last. */
    static void attributeOnlyIn(OnnxNode node, ImportState s, String name, int first, int last) {
        if (node.has(name) && (node.opset() < first || node.opset() > last))
            s.tolerable(node, "op-attributes", node.opType() + " has no attribute " + name + " at opset " + node.opset()
                    + " (it exists at opsets " + first + (last == Integer.MAX_VALUE ? " and later" : " to " + last)
                    + "); lenient: " + name + " is read as it would be where it exists");
    }

    static void maxPool(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
        attributeOnlyIn(node, s, "storage_order", 8, Integer.MAX_VALUE);
        attributeOnlyIn(node, s, "ceil_mode", 10, Integer.MAX_VALUE);
        attributeOnlyIn(node, s, "dilations", 10, Integer.MAX_VALUE);
        Tensor x = s.tensor(node, 0, 4);
        int[] kernel = kernel(node);
        int[] strides = pair(node, "strides");
        requireNoDilation(node, s);
        int[] pads = pads(node, s, x.shape(), kernel, strides);
        checkCeilMode(node, s, x.shape(), kernel, strides, pads);
        Op.MaxPool op = new Op.MaxPool(kernel[0], kernel[1], strides[0], strides[1], pads[0], pads[1], pads[2], pads[3]);
        s.emitFor(node, op, outputShape(node, x.shape(), x.shape()[1], kernel, strides, pads), x);
        s.defineUnavailableOutputs(node, 1, "the Indices output of MaxPool, which is not supported");
    }

    static void averagePool(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides");
        attributeOnlyIn(node, s, "count_include_pad", 7, Integer.MAX_VALUE);
        attributeOnlyIn(node, s, "ceil_mode", 10, Integer.MAX_VALUE);
        attributeOnlyIn(node, s, "dilations", 19, Integer.MAX_VALUE);
        Tensor x = s.tensor(node, 0, 4);
        int[] kernel = kernel(node);
        int[] strides = pair(node, "strides");
        requireNoDilation(node, s);
        int[] pads = pads(node, s, x.shape(), kernel, strides);
        checkCeilMode(node, s, x.shape(), kernel, strides, pads);
        boolean includePad = node.getIntOneOf("count_include_pad", 0, 0, 1) == 1;
        Op.AvgPool op = new Op.AvgPool(kernel[0], kernel[1], strides[0], strides[1],
                pads[0], pads[1], pads[2], pads[3], includePad);
        s.emitFor(node, op, outputShape(node, x.shape(), x.shape()[1], kernel, strides, pads), x);
    }

    static void globalAveragePool(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes();
        Tensor x = s.tensor(node, 0, 4);
        s.emitFor(node, new Op.GlobalAvgPool(true), new int[] {x.shape()[0], x.shape()[1], 1, 1}, x);
    }

    /** ReduceMean over H and W is a global average pool; axes are an attribute before opset 18, an input after. */
    static void reduceMean(OnnxNode node, ImportState s) {
        long[] axes;
        if (node.opset() < 18) {
            node.requireInputs(1, 1);
            node.allowAttributes("axes", "keepdims");
            axes = node.getInts("axes");
        } else {
            node.requireInputs(1, 2);
            node.allowAttributes("keepdims", "noop_with_empty_axes");
            axes = node.hasInput(1) ? s.ints(node, 1, "axes") : null;
        }
        Tensor x = s.tensor(node, 0, 4);
        if (axes == null || axes.length == 0) {
            if (node.getInt("noop_with_empty_axes", 0) == 1) {
                s.define(node, node.output(0), x);
                return;
            }
            throw node.fail("ReduceMean over all axes is not supported; expected axes [2, 3]");
        }
        Set<Integer> normalized = new TreeSet<>();
        for (long a : axes) normalized.add(ShapeArithmetic.normalizeAxis(node, a, 4));
        if (!normalized.equals(Set.of(2, 3)) || axes.length != 2)
            throw node.fail("ReduceMean is supported over axes [2, 3] (H and W), found " + Arrays.toString(axes));
        boolean keepDims = node.getIntOneOf("keepdims", 1, 0, 1) == 1;
        int[] shape = keepDims ? new int[] {x.shape()[0], x.shape()[1], 1, 1} : new int[] {x.shape()[0], x.shape()[1]};
        s.emitFor(node, new Op.GlobalAvgPool(keepDims), shape, x);
    }

    // ---- attributes shared by Conv and the poolings ----

    private static int[] kernel(OnnxNode node) {
        if (!node.has("kernel_shape")) throw node.fail("attribute kernel_shape is required");
        return pair(node, "kernel_shape");
    }

    /** A two-element positive INTS attribute (H, W), defaulting to [1, 1]. */
    private static int[] pair(OnnxNode node, String name) {
        long[] v = node.getInts(name);
        if (v == null) return new int[] {1, 1};
        if (v.length != 2)
            throw node.fail(name + " must have 2 values (H, W) for a 2-D op, found " + Arrays.toString(v));
        return new int[] {positive(node, name, v[0]), positive(node, name, v[1])};
    }

    private static int positive(OnnxNode node, String name, long v) {
        if (v <= 0 || v > Integer.MAX_VALUE) throw node.fail(name + " must be a positive int, found " + v);
        return (int) v;
    }

    private static void requireNoDilation(OnnxNode node, ImportState s) {
        long[] d = node.getInts("dilations");
        if (d != null && d.length != 2 && Arrays.stream(d).allMatch(v -> v == 1))
            s.tolerable(node, "attribute-arity", "dilations " + Arrays.toString(d) + " must have 2 values (H, W) for"
                    + " a 2-D op (lenient: read as [1, 1])");
        if (d != null && Arrays.stream(d).anyMatch(v -> v != 1))
            throw node.fail("dilations must be 1 (dilated kernels are not supported), expected [1, 1], found "
                    + Arrays.toString(d));
    }

    /**
     * Pads as top, left, bottom, right. SAME_UPPER/SAME_LOWER pads depend on the input size when the
     * stride is above 1; the IR has fixed pads, so those are accepted only where they come out the same
     * for every input size, or where the file fixes the input size.
     */
    static int[] pads(OnnxNode node, ImportState s, int[] inShape, int[] kernel, int[] strides) {
        String autoPad = node.getString("auto_pad", "NOTSET");
        long[] pads = node.getInts("pads");
        if (autoPad.equals("NOTSET")) {
            if (pads == null) return new int[4];
            if (pads.length != 4)
                throw node.fail("pads must have 4 values (top, left, bottom, right), found " + Arrays.toString(pads));
            int[] out = new int[4];
            for (int i = 0; i < 4; i++) {
                if (pads[i] < 0 || pads[i] > Integer.MAX_VALUE)
                    throw node.fail("pads must be non-negative, found " + Arrays.toString(pads));
                out[i] = (int) pads[i];
            }
            return out;
        }
        if (pads != null && Arrays.stream(pads).anyMatch(p -> p != 0))
            throw Validation.refuse(s.source + ": " + node.label(), "auto-pad-exclusive", "pads "
                    + Arrays.toString(pads) + " and auto_pad=" + autoPad + " are both set; expected one of them");
        if (pads != null)
            s.tolerable(node, "auto-pad-exclusive", "pads " + Arrays.toString(pads) + " and auto_pad=" + autoPad
                    + " are both set; expected one of them (lenient: the zero pads are ignored)");
        return switch (autoPad) {
            case "VALID" -> new int[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] out = new int[4];
                for (int axis = 0; axis < 2; axis++) {
                    int total = samePadTotal(node, s, inShape[2 + axis], kernel[axis], strides[axis], autoPad);
                    int small = total / 2, large = total - small;
                    boolean upper = autoPad.equals("SAME_UPPER"); // the extra pad goes at the end
                    out[axis] = upper ? small : large;
                    out[axis + 2] = upper ? large : small;
                }
                yield out;
            }
            default -> throw node.fail("auto_pad must be NOTSET, VALID, SAME_UPPER or SAME_LOWER, found '" + autoPad + "'");
        };
    }

    /** Total SAME padding: max((ceil(in/s) - 1) * s + k - in, 0), which depends on in mod s. */
    private static int samePadTotal(OnnxNode node, ImportState s, int in, int k, int stride, String autoPad) {
        long total = Math.max((ceilDiv(in, stride) - 1) * stride + k - in, 0);
        if (total > Integer.MAX_VALUE) throw node.fail("auto_pad=" + autoPad + " pads by " + total + ", over " + Integer.MAX_VALUE);
        int atProbe = (int) total;
        if (s.spatialFixed) return atProbe;
        for (int r = 0; r < stride; r++) {
            int pad = Math.max(r == 0 ? k - stride : k - r, 0);
            if (pad != atProbe)
                throw node.fail("auto_pad=" + autoPad + " with kernel " + k + " and stride " + stride
                        + " pads by " + atProbe + " or " + pad + " depending on the input size, and the input size is"
                        + " not fixed; expected fixed pads (stride 1, or explicit pads)");
        }
        return atProbe;
    }

    /**
     * ceil_mode=1 changes the output size only where (in + pads - kernel) is not a multiple of the
     * stride. With stride 1 that never happens; with a fixed input size it is checked at that size.
     */
    private static void checkCeilMode(OnnxNode node, ImportState s, int[] inShape, int[] kernel, int[] strides, int[] pads) {
        if (node.getIntOneOf("ceil_mode", 0, 0, 1) == 0) return;
        if (strides[0] == 1 && strides[1] == 1) return;
        boolean exact = ((long) inShape[2] + pads[0] + pads[2] - kernel[0]) % strides[0] == 0
                && ((long) inShape[3] + pads[1] + pads[3] - kernel[1]) % strides[1] == 0;
        if (s.spatialFixed && exact) return;
        throw node.fail("ceil_mode=1 is supported only where it gives the same output size as ceil_mode=0 (stride 1,"
                + " or a fixed input size where (size + pads - kernel) divides by the stride); found stride "
                + Arrays.toString(strides) + ", kernel " + Arrays.toString(kernel) + ", pads " + Arrays.toString(pads)
                + ", input " + Arrays.toString(inShape) + (s.spatialFixed ? "" : " with a dynamic input size"));
    }

    private static int[] outputShape(OnnxNode node, int[] in, int channels, int[] kernel, int[] strides, int[] pads) {
        int[] out = {in[0], channels, 0, 0};
        for (int axis = 0; axis < 2; axis++) {
            long padded = (long) in[2 + axis] + pads[axis] + pads[axis + 2];
            if (padded < kernel[axis])
                throw node.fail("input " + Arrays.toString(in) + " with pads " + Arrays.toString(pads)
                        + " is smaller than the kernel " + Arrays.toString(kernel) + " (probe shape)");
            long size = (padded - kernel[axis]) / strides[axis] + 1;
            if (size > Integer.MAX_VALUE)
                throw node.fail("input " + Arrays.toString(in) + " with pads " + Arrays.toString(pads)
                        + " gives an output of " + size + " along axis " + (2 + axis) + ", over " + Integer.MAX_VALUE);
            out[2 + axis] = (int) size;
        }
        return out;
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
