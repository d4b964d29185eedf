package dev.shufflenet.panama.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Import-time evaluation of the small integer and float computations exporters put in front of Reshape
 * (PyTorch's Shape -> Gather -> Div -> Unsqueeze -> Concat). Semantics follow the ONNX operator
 * specifications; every failure names the node through {@code node.fail}.
 */
final class ShapeArithmetic {
    private ShapeArithmetic() {}

    enum Binary { ADD, SUB, MUL, DIV }

    /** Element-wise op with ONNX (numpy) multidirectional broadcasting. */
    static ConstTensor binary(OnnxNode node, Binary op, ConstTensor a, ConstTensor b) {
        if (a.isFloat() != b.isFloat())
            throw node.fail("operands must have the same element type, found " + a.describe() + " and " + b.describe());
        long[] outDims = broadcastDims(node, a.dims(), b.dims());
        int n = ConstTensor.elementCount(outDims);
        int[] ai = broadcastIndex(a.dims(), outDims);
        int[] bi = broadcastIndex(b.dims(), outDims);
        if (a.isFloat()) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                float x = a.floats()[ai[i]], y = b.floats()[bi[i]];
                out[i] = switch (op) { case ADD -> x + y; case SUB -> x - y; case MUL -> x * y; case DIV -> x / y; };
            }
            return ConstTensor.ofFloats(outDims, out);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = a.ints()[ai[i]], y = b.ints()[bi[i]];
            try {
                out[i] = switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                    case DIV -> {
                        if (y == 0) throw node.fail("integer division by zero (" + x + " / 0)");
                        yield x / y; // truncates toward zero, as ONNX Runtime does
                    }
                };
            } catch (ArithmeticException e) {
                throw node.fail("integer overflow in " + x + " " + op + " " + y);
            }
        }
        return ConstTensor.ofInts(outDims, out);
    }

    private static long[] broadcastDims(OnnxNode node, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1)
                throw node.fail("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For each output element, the flat index of the element of a tensor of shape {@code dims}. */
    private static int[] broadcastIndex(long[] dims, long[] outDims) {
        int n = ConstTensor.elementCount(outDims);
        int rank = outDims.length, offset = rank - dims.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= offset; i--) {
            strides[i] = dims[i - offset] == 1 ? 0 : stride;
            stride *= (int) dims[i - offset];
        }
        int[] index = new int[n];
        int[] coord = new int[rank];
        for (int i = 0; i < n; i++) {
            int flat = 0;
            for (int d = 0; d < rank; d++) flat += coord[d] * strides[d];
            index[i] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coord[d] < outDims[d]) break;
                coord[d] = 0;
            }
        }
        return index;
    }

    /** Cast to the ONNX data type {@code to}: float types keep floats, integer types truncate toward zero. */
    static ConstTensor cast(OnnxNode node, ConstTensor x, int to) {
        boolean toFloat = to == 1 || to == 10 || to == 11 || to == 16;
        boolean toBool = to == 9;
        boolean toInt = to == 2 || to == 3 || to == 4 || to == 5 || to == 6 || to == 7 || to == 12 || to == 13;
        if (!toFloat && !toBool && !toInt)
            throw node.fail("Cast to " + OnnxTensors.typeName(to) + " is not supported; expected a float or integer type");
        if (toFloat) {
            if (x.isFloat()) return x;
            float[] out = new float[x.size()];
            for (int i = 0; i < out.length; i++) out[i] = (float) x.ints()[i];
            return ConstTensor.ofFloats(x.dims(), out);
        }
        long[] out = new long[x.size()];
        for (int i = 0; i < out.length; i++) {
            double v = x.number(i);
            out[i] = toBool ? (v != 0 ? 1 : 0) : x.isFloat() ? (long) v : x.ints()[i];
        }
        return ConstTensor.ofInts(x.dims(), out);
    }

    /** Gather along axis 0 of a rank-1 tensor (the only form shape arithmetic uses). */
    static ConstTensor gather(OnnxNode node, ConstTensor data, ConstTensor indices, long axis) {
        if (data.rank() != 1 || (axis != 0 && axis != -1))
            throw node.fail("constant Gather is supported on rank-1 data along axis 0, found " + data.describe()
                    + " axis " + axis);
        if (indices.isFloat()) throw node.fail("indices must be integers, found " + indices.describe());
        long size = data.dims()[0];
        int n = indices.size();
        long[] ints = data.isFloat() ? null : new long[n];
        float[] floats = data.isFloat() ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            long k = indices.ints()[i];
            long j = k < 0 ? k + size : k;
            if (j < 0 || j >= size) throw node.fail("index " + k + " is out of range for " + size + " elements");
            if (ints != null) ints[i] = data.ints()[(int) j]; else floats[i] = data.floats()[(int) j];
        }
        return ints != null ? ConstTensor.ofInts(indices.dims(), ints) : ConstTensor.ofFloats(indices.dims(), floats);
    }

    static ConstTensor unsqueeze(OnnxNode node, ConstTensor x, long[] axes) {
        int outRank = x.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (long a : axes) {
            int axis = normalizeAxis(node, a, outRank);
            if (inserted[axis]) throw node.fail("axis " + a + " appears twice in " + Arrays.toString(axes));
            inserted[axis] = true;
        }
        long[] dims = new long[outRank];
        for (int i = 0, j = 0; i < outRank; i++) dims[i] = inserted[i] ? 1 : x.dims()[j++];
        return withDims(x, dims);
    }

    /** Squeeze the given axes, or every size-1 axis when {@code axes} is null. */
    static ConstTensor squeeze(OnnxNode node, ConstTensor x, long[] axes) {
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < x.rank(); i++) drop[i] = x.dims()[i] == 1;
        } else {
            for (long a : axes) {
                int axis = normalizeAxis(node, a, x.rank());
                if (x.dims()[axis] != 1)
                    throw node.fail("cannot squeeze axis " + a + " of size " + x.dims()[axis] + " in " + x.describe());
                drop[axis] = true;
            }
        }
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) if (!drop[i]) dims.add(x.dims()[i]);
        return withDims(x, dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** Concatenation of constant tensors along axis (all must agree elsewhere). */
    static ConstTensor concat(OnnxNode node, List<ConstTensor> parts, long axisAttr) {
        ConstTensor first = parts.get(0);
        int rank = first.rank();
        int axis = normalizeAxis(node, axisAttr, rank);
        long[] dims = first.dims().clone();
        dims[axis] = 0;
        for (ConstTensor p : parts) {
            if (p.isFloat() != first.isFloat() || p.rank() != rank)
                throw node.fail("cannot concatenate " + first.describe() + " and " + p.describe());
            for (int d = 0; d < rank; d++) {
                if (d != axis && p.dims()[d] != first.dims()[d])
                    throw node.fail("cannot concatenate " + first.describe() + " and " + p.describe() + " along axis " + axis);
            }
            dims[axis] += p.dims()[axis];
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= (int) dims[d];
        int total = ConstTensor.elementCount(dims);
        long[] ints = first.isFloat() ? null : new long[total];
        float[] floats = first.isFloat() ? new float[total] : null;
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (ConstTensor p : parts) {
                int chunk = p.size() / Math.max(outer, 1);
                if (ints != null) System.arraycopy(p.ints(), o * chunk, ints, pos, chunk);
                else System.arraycopy(p.floats(), o * chunk, floats, pos, chunk);
                pos += chunk;
            }
        }
        return ints != null ? ConstTensor.ofInts(dims, ints) : ConstTensor.ofFloats(dims, floats);
    }

    /** Slice of a rank-1 constant (axis 0), with ONNX clamping; steps may be negative. */
    static ConstTensor slice(OnnxNode node, ConstTensor x, long[] starts, long[] ends, long[] axes, long[] steps) {
        if (x.rank() != 1)
            throw node.fail("constant Slice is supported on rank-1 tensors, found " + x.describe());
        if (starts.length != 1 || ends.length != 1 || (axes != null && (axes.length != 1 || (axes[0] != 0 && axes[0] != -1))))
            throw node.fail("constant Slice needs one start and end on axis 0, found starts " + Arrays.toString(starts)
                    + " ends " + Arrays.toString(ends) + " axes " + Arrays.toString(axes));
        long step = steps == null ? 1 : steps[0];
        if (step == 0) throw node.fail("Slice step must not be 0");
        long dim = x.dims()[0];
        long start = clampSliceBound(starts[0], dim, step), end = clampSliceBound(ends[0], dim, step);
        List<Integer> picked = new ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) picked.add((int) i);
        long[] dims = {picked.size()};
        if (x.isFloat()) {
            float[] out = new float[picked.size()];
            for (int i = 0; i < out.length; i++) out[i] = x.floats()[picked.get(i)];
            return ConstTensor.ofFloats(dims, out);
        }
        long[] out = new long[picked.size()];
        for (int i = 0; i < out.length; i++) out[i] = x.ints()[picked.get(i)];
        return ConstTensor.ofInts(dims, out);
    }

    /** ONNX Slice bounds: negative counts from the end, then clamp to [0, dim] (or [-1, dim-1] for negative steps). */
    static long clampSliceBound(long bound, long dim, long step) {
        long b = bound < 0 ? bound + dim : bound;
        return step > 0 ? Math.clamp(b, 0, dim) : Math.clamp(b, -1, dim - 1);
    }

    static ConstTensor reshape(OnnxNode node, ConstTensor x, long[] target, boolean allowZero) {
        return withDims(x, resolveReshape(node, x.dims(), target, allowZero));
    }

    /**
     * The shape a Reshape produces: 0 copies the input's dimension (unless allowzero), one -1 is inferred
     * from the element count.
     */
    static long[] resolveReshape(OnnxNode node, long[] input, long[] target, boolean allowZero) {
        long total = 1;
        for (long d : input) total *= d;
        long[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= input.length)
                    throw node.fail("target shape " + Arrays.toString(target) + " copies dimension " + i
                            + " (0) but the input " + Arrays.toString(input) + " has rank " + input.length);
                out[i] = input[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) throw node.fail("target shape " + Arrays.toString(target) + " has more than one -1");
                infer = i;
            } else if (out[i] < 0) {
                throw node.fail("target shape " + Arrays.toString(target) + " has a negative dimension other than -1");
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0)
                throw node.fail("cannot infer -1 in " + Arrays.toString(target) + " for input " + Arrays.toString(input)
                        + " (" + total + " elements)");
            out[infer] = total / known;
        } else if (known != total) {
            throw node.fail("target shape " + Arrays.toString(target) + " has " + known + " elements, the input "
                    + Arrays.toString(input) + " has " + total);
        }
        return out;
    }

    static ConstTensor constantOfShape(OnnxNode node, ConstTensor shape, ConstTensor value) {
        if (shape.isFloat() || shape.rank() != 1) throw node.fail("shape must be a rank-1 integer tensor, found " + shape.describe());
        if (value.size() != 1) throw node.fail("value must hold one element, found " + value.describe());
        long[] dims = shape.ints().clone();
        int n;
        try {
            n = ConstTensor.elementCount(dims);
        } catch (IllegalArgumentException e) {
            throw node.fail(e.getMessage());
        }
        if (value.isFloat()) {
            float[] out = new float[n];
            Arrays.fill(out, value.floats()[0]);
            return ConstTensor.ofFloats(dims, out);
        }
        long[] out = new long[n];
        Arrays.fill(out, value.ints()[0]);
        return ConstTensor.ofInts(dims, out);
    }

    /** Shape op output for a tensor of the given shape, with opset 15's optional start and end. */
    static ConstTensor shapeOf(long[] dims, long start, long end) {
        int rank = dims.length;
        int s = Math.clamp(start < 0 ? start + rank : start, 0, rank);
        int e = Math.clamp(end < 0 ? end + rank : end, 0, rank);
        return ConstTensor.vector(Arrays.copyOfRange(dims, s, Math.max(s, e)));
    }

    static int normalizeAxis(OnnxNode node, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw node.fail("axis " + axis + " is out of range for rank " + rank);
        return (int) a;
    }

    private static ConstTensor withDims(ConstTensor x, long[] dims) {
        return x.isFloat() ? ConstTensor.ofFloats(dims, x.floats()) : ConstTensor.ofInts(dims, x.ints());
    }
}
