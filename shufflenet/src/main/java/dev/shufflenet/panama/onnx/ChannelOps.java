package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.onnx.OnnxValue.GroupedView;
import dev.shufflenet.panama.onnx.OnnxValue.Known;
import dev.shufflenet.panama.onnx.OnnxValue.Tensor;
import dev.shufflenet.panama.onnx.OnnxValue.TransposedGroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that move channels around: Concat, Slice and Split on axis 1, Flatten, and the
 * Reshape -> Transpose -> Reshape pattern of the channel shuffle.
 */
final class ChannelOps {
    private ChannelOps() {}

    static void concat(OnnxNode node, ImportState s) {
        node.allowAttributes("axis");
        if (node.inputCount() == 0) throw node.fail("expected at least one input");
        // Concat-1 to -3 default to axis 1; from opset 4 on the attribute is required.
        if (node.opset() >= 4 && !node.has("axis")) throw node.fail("attribute axis is required");
        long axis = node.getInt("axis", 1);
        if (ConstantOps.allKnown(node, s)) {
            s.define(node, node.output(0), new Known(ShapeArithmetic.concat(node, ConstantOps.allConstants(node, s), axis)));
            return;
        }
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) parts.add(s.tensor(node, i));
        int[] first = parts.get(0).shape();
        if (ShapeArithmetic.normalizeAxis(node, axis, first.length) != 1)
            throw node.fail("Concat of run-time tensors is supported along axis 1 (channels), found axis " + axis
                    + " for rank " + first.length);
        int[] out = first.clone();
        out[1] = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] p = parts.get(i).shape();
            boolean sameElsewhere = p.length == first.length && p[0] == first[0]
                    && (p.length < 4 || (p[2] == first[2] && p[3] == first[3]));
            if (!sameElsewhere)
                throw node.fail("inputs must agree in every dimension but channels, found " + Arrays.toString(first)
                        + " and " + Arrays.toString(p) + " ('" + node.input(i) + "')");
            out[1] += p[1];
        }
        s.emitFor(node, new Op.Concat(), out, parts.toArray(Tensor[]::new));
    }

    /**
     * Slice of a run-time tensor: a channel range, with every other listed axis taken whole. Starts, ends,
     * axes and steps are attributes before opset 10 and inputs from then on; ends may be INT64_MAX.
     */
    static void slice(OnnxNode node, ImportState s) {
        long[] starts, ends, axes, steps = null;
        if (node.opset() < 10) {
            node.requireInputs(1, 1);
            node.allowAttributes("starts", "ends", "axes");
            starts = node.getInts("starts");
            ends = node.getInts("ends");
            axes = node.getInts("axes");
            if (starts == null || ends == null) throw node.fail("attributes starts and ends are required");
        } else {
            node.requireInputs(3, 5);
            node.allowAttributes();
            starts = s.ints1D(node, 1, "starts");
            ends = s.ints1D(node, 2, "ends");
            axes = node.hasInput(3) ? s.ints1D(node, 3, "axes") : null;
            steps = node.hasInput(4) ? s.ints1D(node, 4, "steps") : null;
        }
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length))
            throw node.fail("starts, ends, axes and steps must have the same length, found " + Arrays.toString(starts)
                    + ", " + Arrays.toString(ends) + ", " + Arrays.toString(axes) + ", " + Arrays.toString(steps));
        if (s.isKnown(node, 0)) {
            ConstTensor x = s.constant(node, 0, "data");
            s.define(node, node.output(0), new Known(ShapeArithmetic.slice(node, x, starts, ends, axes, steps)));
            return;
        }
        Tensor x = s.tensor(node, 0);
        int[] shape = x.shape();
        int channelStart = 0, channelEnd = shape[1];
        boolean[] seen = new boolean[shape.length];
        for (int i = 0; i < starts.length; i++) {
            int axis = ShapeArithmetic.normalizeAxis(node, axes == null ? i : axes[i], shape.length);
            if (seen[axis]) throw node.fail("axis " + axis + " is listed twice in " + Arrays.toString(axes));
            seen[axis] = true;
            long step = steps == null ? 1 : steps[i];
            if (step != 1) throw node.fail("Slice steps must be 1, found " + step + " on axis " + axis);
            int dim = shape[axis];
            int start = (int) ShapeArithmetic.clampSliceBound(starts[i], dim, 1);
            int end = (int) ShapeArithmetic.clampSliceBound(ends[i], dim, 1);
            if (axis == 1) {
                channelStart = start;
                channelEnd = end;
            } else if (start != 0 || end != dim) {
                throw node.fail("Slice of a run-time tensor is supported along channels (axis 1) only; axis " + axis
                        + " of shape " + Arrays.toString(shape) + " is cut to [" + start + ", " + end + ")");
            } else if (!s.isFixed(axis) && ends[i] < Integer.MAX_VALUE) {
                // [0, 1) is the whole batch only while the batch is 1: on a dynamic axis, only an open end
                // (PyTorch writes INT64_MAX) takes the whole axis for every size.
                throw node.fail("Slice ends axis " + axis + " at " + ends[i] + ", which is the whole axis only at the"
                        + " probe shape " + Arrays.toString(shape) + "; the axis is dynamic, expected an open end"
                        + " (INT64_MAX) or no slice on it");
            }
        }
        if (channelEnd <= channelStart)
            throw node.fail("channel range [" + channelStart + ", " + channelEnd + ") of shape " + Arrays.toString(shape)
                    + " is empty");
        if (!seen[1]) {
            s.define(node, node.output(0), x); // every listed axis is taken whole
            return;
        }
        int[] out = shape.clone();
        out[1] = channelEnd - channelStart;
        s.emitFor(node, new Op.ChannelSlice(channelStart, channelEnd), out, x);
    }

    /** Split along channels into one ChannelSlice per output. */
    static void split(OnnxNode node, ImportState s) {
        long[] sizes;
        if (node.opset() < 13) {
            node.requireInputs(1, 2); // Split-2 takes sizes only as an attribute; Split-1 also as input 1
            node.allowAttributes("axis", "split");
            sizes = node.hasInput(1) ? s.ints(node, 1, "split") : node.getInts("split");
        } else {
            node.requireInputs(1, 2);
            node.allowAttributes("axis", "num_outputs");
            SpatialOps.attributeOnlyIn(node, s, "num_outputs", 18, Integer.MAX_VALUE);
            sizes = node.hasInput(1) ? s.ints(node, 1, "split") : null;
        }
        Tensor x = s.tensor(node, 0);
        int[] shape = x.shape();
        long axis = node.getInt("axis", 0);
        if (ShapeArithmetic.normalizeAxis(node, axis, shape.length) != 1)
            throw node.fail("Split is supported along axis 1 (channels), found axis " + axis + " for shape "
                    + Arrays.toString(shape));
        int channels = shape[1], parts = node.outputCount();
        if (sizes == null) sizes = equalSplit(node, channels, parts);
        if (sizes.length != parts)
            throw node.fail("split sizes " + Arrays.toString(sizes) + " must match the " + parts + " outputs");
        long total = Arrays.stream(sizes).sum();
        if (total != channels || Arrays.stream(sizes).anyMatch(v -> v <= 0))
            throw node.fail("split sizes " + Arrays.toString(sizes) + " must be positive and add up to the " + channels
                    + " channels of " + Arrays.toString(shape));
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int end = start + (int) sizes[i];
            if (node.hasOutput(i)) {
                int[] out = shape.clone();
                out[1] = end - start;
                Tensor t = s.emit(node.name() + "_" + i, false, new Op.ChannelSlice(start, end), node.output(i), out, x);
                s.define(node, node.output(i), t);
            }
            start = end;
        }
    }

    /** No sizes given: equal parts, or with opset 18's num_outputs, ceil(C/k) each and a smaller last part. */
    private static long[] equalSplit(OnnxNode node, int channels, int parts) {
        if (node.has("num_outputs")) {
            long k = node.getInt("num_outputs", parts);
            if (k != parts) throw node.fail("num_outputs " + k + " disagrees with the " + parts + " outputs");
            long chunk = (channels + k - 1) / k;
            long[] sizes = new long[parts];
            Arrays.fill(sizes, chunk);
            sizes[parts - 1] = channels - chunk * (k - 1);
            return sizes;
        }
        if (channels % parts != 0)
            throw node.fail(channels + " channels do not split into " + parts + " equal parts");
        long[] sizes = new long[parts];
        Arrays.fill(sizes, channels / parts);
        return sizes;
    }

    static void flatten(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("axis");
        Tensor x = s.tensor(node, 0);
        int[] shape = x.shape();
        long axis = node.getInt("axis", 1);
        if ((shape.length != 2 && shape.length != 4) || ShapeArithmetic.normalizeAxis(node, axis, shape.length) != 1)
            throw node.fail("Flatten is supported with axis 1 on a rank-4 or rank-2 tensor, found axis " + axis
                    + " on shape " + Arrays.toString(shape));
        s.emitFor(node, new Op.Flatten(), flattened(shape), x);
    }

    /**
     * Reshape is a no-op, a flatten to [N, C*H*W], or part of a channel shuffle: the grouping
     * [N, C, H, W] -> [N, g, C/g, spatial...] or, after the Transpose, the way back to [N, C, H, W].
     */
    static void reshape(OnnxNode node, ImportState s) {
        long[] target;
        boolean allowZero = false;
        if (node.opset() < 5) {
            node.requireInputs(1, 1);
            node.allowAttributes("shape");
            target = node.getInts("shape");
            if (target == null) throw node.fail("attribute shape is required");
        } else {
            node.requireInputs(2, 2);
            node.allowAttributes("allowzero");
            SpatialOps.attributeOnlyIn(node, s, "allowzero", 14, Integer.MAX_VALUE);
            target = s.ints1D(node, 1, "shape");
            allowZero = node.getIntOneOf("allowzero", 0, 0, 1) == 1;
        }
        OnnxValue v = s.value(node, 0);
        if (v instanceof Known k) {
            s.define(node, node.output(0), new Known(ShapeArithmetic.reshape(node, k.tensor(), target, allowZero)));
            return;
        }
        if (v instanceof TransposedGroups tg) {
            long[] out = ShapeArithmetic.resolveReshape(node, ConstantOps.toLongs(tg.shape()), target, allowZero);
            if (!Arrays.equals(out, ConstantOps.toLongs(tg.source().shape())))
                throw node.fail("a channel shuffle must reshape back to the shape before the shuffle "
                        + Arrays.toString(tg.source().shape()) + ", found " + Arrays.toString(out));
            Tensor t = s.emit(tg.transposeNodeName(), tg.transposeOwnName(), new Op.ChannelShuffle(tg.groups()),
                    node.output(0), tg.source().shape().clone(), tg.source());
            s.define(node, node.output(0), t);
            return;
        }
        Tensor x = s.tensor(node, 0);
        int[] in = x.shape();
        long[] out = ShapeArithmetic.resolveReshape(node, ConstantOps.toLongs(in), target, allowZero);
        if (Arrays.equals(out, ConstantOps.toLongs(in))) {
            s.define(node, node.output(0), x);
        } else if (in.length == 4 && Arrays.equals(out, ConstantOps.toLongs(flattened(in)))) {
            s.emitFor(node, new Op.Flatten(), flattened(in), x);
        } else if (isChannelGrouping(in, out)) {
            s.define(node, node.output(0), new GroupedView(x, Arrays.stream(out).mapToInt(d -> (int) d).toArray()));
        } else {
            throw node.fail("Reshape from " + Arrays.toString(in) + " to " + Arrays.toString(out) + " (target "
                    + Arrays.toString(target) + ") is not supported; expected a no-op, a flatten to [N, C*H*W], or the"
                    + " channel shuffle's [N, g, C/g, ...] grouping (probe shapes)");
        }
    }

    /** Whether out views [N, C, H, W] as [N, g, C/g, ...] with the spatial elements kept in order. */
    private static boolean isChannelGrouping(int[] in, long[] out) {
        if (in.length != 4 || out.length < 3 || out[0] != in[0] || out[1] * out[2] != in[1]) return false;
        long spatial = 1;
        for (int i = 3; i < out.length; i++) spatial *= out[i];
        return spatial == (long) in[2] * in[3];
    }

    /** Transpose is accepted as the channel shuffle's swap of axes 1 and 2, or as a no-op. */
    static void transpose(OnnxNode node, ImportState s) {
        node.requireInputs(1, 1);
        node.allowAttributes("perm");
        OnnxValue v = s.value(node, 0);
        int rank = switch (v) {
            case Known k -> k.tensor().rank();
            case OnnxValue.Pending p -> p.shape().length;
            case Tensor t -> t.shape().length;
            case OnnxValue.Unavailable u -> throw node.fail("input is " + u.reason());
        };
        long[] perm = node.getInts("perm");
        if (perm == null) { // ONNX default: reverse the axes
            perm = new long[rank];
            for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        }
        if (perm.length != rank)
            throw node.fail("perm " + Arrays.toString(perm) + " must list all " + rank + " axes");
        if (v instanceof GroupedView g) {
            long[] swap12 = new long[rank];
            for (int i = 0; i < rank; i++) swap12[i] = i;
            swap12[1] = 2;
            swap12[2] = 1;
            if (!Arrays.equals(perm, swap12))
                throw node.fail("after the channel grouping Reshape to " + Arrays.toString(g.shape())
                        + " a channel shuffle needs perm " + Arrays.toString(swap12) + ", found " + Arrays.toString(perm));
            int[] transposed = g.shape().clone();
            transposed[1] = g.shape()[2];
            transposed[2] = g.shape()[1];
            s.define(node, node.output(0), new TransposedGroups(g.source(), g.shape()[1], transposed,
                    node.name(), node.hasOwnName()));
            return;
        }
        boolean identity = true;
        for (int i = 0; i < rank; i++) identity &= perm[i] == i;
        if (!identity)
            throw node.fail("Transpose with perm " + Arrays.toString(perm) + " is supported only as the channel"
                    + " shuffle's swap of axes 1 and 2 right after a Reshape to [N, g, C/g, ...]");
        s.define(node, node.output(0), v instanceof Known ? v : s.tensor(node, 0));
    }

    private static int[] flattened(int[] shape) {
        int rest = 1;
        for (int i = 1; i < shape.length; i++) rest *= shape[i];
        return new int[] {shape[0], rest};
    }
}
