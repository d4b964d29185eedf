package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.layout.LayoutKernel;
import dev.shufflenet.panama.kernels.pool.PoolKernel;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.util.List;

/**
 * One kernel call of a compiled model, with every size resolved at plan time: a record whose components
 * are the kernel, the views it reads and writes, and the kernel's arguments; nothing else is stored, so
 * what a step touches is what its components say: for the one-input kinds ({@link OneToOne}) reads and
 * writes are the {@code in} and {@code out} components by construction, the others list their view
 * components, and {@code StepRecordsTest} checks that no view component is left out.
 *
 * <p>Why one sealed interface with nested records rather than a file per kind: the fourteen kinds are
 * three to six lines each, they read best side by side (same argument order for every kernel call), and
 * a switch over them is checked for exhaustiveness.
 *
 * <p>Work units: pixels for per-pixel ops, output rows for spatial ops, images for whole-image ops, so
 * any split of units [0, units(batch)) among threads is valid. {@link #run} never allocates, and each
 * record's fields are final (records' fields are trusted as constants by the JIT), so the hot path is the
 * same kernel call through the same one interface call per step as before.
 */
sealed interface Step {
    /** What a step's work units are. */
    enum Unit {
        PIXELS, ROWS, IMAGES,
        /** Slices of a 1x1 conv's output channels, each over every pixel of the batch (small maps on threads). */
        OUTPUT_CHANNELS
    }

    /** The graph node (or nodes, when fused) this step computes; shown in profiles and errors. */
    String name();

    /** The kernel object that runs it (for its name and the backend it belongs to). */
    Object kernel();

    Unit unit();

    /** Work units for a batch of {@code batch} images. */
    int units(int batch);

    /** Runs units [begin, end) of a batch. */
    void run(Workspace ws, int begin, int end);

    /** The workspace views it reads (the caller's input array is not one). */
    List<TensorView> reads();

    /** The workspace views it writes (the caller's output array is not one). */
    List<TensorView> writes();

    /** Channel runs per input pixel when it reads a folded shuffle through them, else 0. */
    default int channelRuns() { return 0; }

    /**
     * Whether it clamps its output from above (a fused ReLU6: the kernel's minmax variant, with the upper
     * bound in the {@code max} component of the conv kinds), so descriptions print the minmax name.
     */
    default boolean clamps() { return false; }

    /** The bounds a step with {@code relu} and upper bound {@code max} gives a kernel's minmax run. */
    private static float floor(boolean relu) { return relu ? 0f : Float.NEGATIVE_INFINITY; }

    /**
     * A step with one input view and one output view (most kinds): its reads and writes are those two
     * components. Only liveness and descriptions call these, at plan time; {@link #units} stays in each
     * record, since a default method reading {@code out()} would add a second interface call per step.
     */
    sealed interface OneToOne extends Step {
        TensorView in();

        TensorView out();

        default List<TensorView> reads() { return List.of(in()); }

        default List<TensorView> writes() { return List.of(out()); }
    }

    /** The API's NCHW input to the first NHWC buffer. */
    record Input(LayoutKernel kernel, TensorView out) implements Step {
        public String name() { return "input"; }
        public Unit unit() { return Unit.IMAGES; }
        public int units(int batch) { return batch; }
        public List<TensorView> reads() { return List.of(); }
        public List<TensorView> writes() { return List.of(out); }

        public void run(Workspace ws, int begin, int end) {
            kernel.nchwToNhwc(out.channels(), out.height(), out.width(), ws.input, ws.inputOffset,
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** The last tensor to the caller's array: [N, C] rows (a copy), or NCHW images for a 4-D output. */
    record OutputRows(ElementwiseKernel kernel, TensorView in) implements Step {
        public String name() { return "output"; }
        public Unit unit() { return Unit.IMAGES; }
        public int units(int batch) { return batch; }
        public List<TensorView> reads() { return List.of(in); }
        public List<TensorView> writes() { return List.of(); }

        public void run(Workspace ws, int begin, int end) {
            int c = in.channels();
            kernel.copy(c, ws.arena, ws.at(in), in.pixelStride(), ws.output, ws.outputOffset, c, begin, end);
        }
    }

    /** A 4-D last tensor to the caller's array as NCHW images. */
    record OutputImages(LayoutKernel kernel, TensorView in) implements Step {
        public String name() { return "output"; }
        public Unit unit() { return Unit.IMAGES; }
        public int units(int batch) { return batch; }
        public List<TensorView> reads() { return List.of(in); }
        public List<TensorView> writes() { return List.of(); }

        public void run(Workspace ws, int begin, int end) {
            kernel.nhwcToNchw(in.channels(), in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.output, ws.outputOffset, begin, end);
        }
    }

    /**
     * 1x1 conv (grouped: one GEMM per group on channel slices) or fully connected layer; with runs, group
     * g reads its input channels through runs[g] (a folded channel shuffle) instead of its slice.
     */
    record Pointwise(String name, PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] groups,
                     ChannelRuns[] runs, TensorView in, TensorView out, boolean relu, float max) implements OneToOne {
        /** Without an upper bound: ReLU or nothing. */
        public Pointwise(String name, PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] groups,
                         ChannelRuns[] runs, TensorView in, TensorView out, boolean relu) {
            this(name, kernel, groups, runs, in, out, relu, Float.POSITIVE_INFINITY);
        }

        public Pointwise {
            if (runs != null && runs.length != groups.length)
                throw new IllegalArgumentException(name + ": " + runs.length + " channel runs for " + groups.length
                        + " groups");
        }

        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * out.pixelsPerImage(); }
        @Override public int channelRuns() { return runs == null ? 0 : runs[0].runCount(); }
        @Override public boolean clamps() { return max < Float.POSITIVE_INFINITY; }

        public void run(Workspace ws, int begin, int end) {
            int inOff = ws.at(in), outOff = ws.at(out);
            int inPerGroup = in.channels() / groups.length, outPerGroup = out.channels() / groups.length;
            boolean clamp = max < Float.POSITIVE_INFINITY;
            for (int g = 0; g < groups.length; g++) {
                if (runs == null) {
                    if (clamp) kernel.run(groups[g], ws.arena, inOff + g * inPerGroup, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, floor(relu), max);
                    else kernel.run(groups[g], ws.arena, inOff + g * inPerGroup, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, relu);
                } else {
                    if (clamp) kernel.run(groups[g], runs[g], ws.arena, inOff, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, floor(relu), max);
                    else kernel.run(groups[g], runs[g], ws.arena, inOff, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, relu);
                }
            }
        }
    }

    /**
     * An ungrouped 1x1 conv or FC layer cut into slices of output channels, each packed on its own: unit s
     * computes output channels [starts[s], starts[s + 1]) for every pixel of the batch. The planner makes it
     * for maps too small to share out by pixels (stage 4's 7x7 maps, the FC layer's one "pixel") when a model
     * has more than one thread: each thread then reads only its slice of the weights. Every output element is
     * the same sum in the same order as in the unsliced GEMM, so the logits do not change with the threads.
     */
    record PointwiseSlices(String name, PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] slices,
                           int[] starts, TensorView in, TensorView out, boolean relu, float max) implements OneToOne {
        /** Without an upper bound: ReLU or nothing. */
        public PointwiseSlices(String name, PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] slices,
                               int[] starts, TensorView in, TensorView out, boolean relu) {
            this(name, kernel, slices, starts, in, out, relu, Float.POSITIVE_INFINITY);
        }

        public PointwiseSlices {
            if (starts.length != slices.length + 1 || starts[0] != 0 || starts[slices.length] != out.channels())
                throw new IllegalArgumentException(name + ": slice starts " + java.util.Arrays.toString(starts)
                        + " do not cover the " + out.channels() + " output channels in " + slices.length + " slices");
        }

        public Unit unit() { return Unit.OUTPUT_CHANNELS; }
        public int units(int batch) { return slices.length; }
        @Override public boolean clamps() { return max < Float.POSITIVE_INFINITY; }

        public void run(Workspace ws, int begin, int end) {
            int inOff = ws.at(in), outOff = ws.at(out), pixels = ws.batch * out.pixelsPerImage();
            boolean clamp = max < Float.POSITIVE_INFINITY;
            for (int s = begin; s < end; s++) {
                if (clamp) kernel.run(slices[s], ws.arena, inOff, in.pixelStride(),
                        ws.arena, outOff + starts[s], out.pixelStride(), 0, pixels, floor(relu), max);
                else kernel.run(slices[s], ws.arena, inOff, in.pixelStride(),
                        ws.arena, outOff + starts[s], out.pixelStride(), 0, pixels, relu);
            }
        }
    }

    /**
     * A 1x1 conv (grouped as {@link Pointwise}) whose epilogue adds the residual and applies ReLU:
     * out = relu(residual + conv(in)), ShuffleNet v1's stride-1 unit in one step
     * ({@link PointwiseConvKernel#runAddRelu}); group g adds the residual's channels of its output slice.
     * The same bits as the conv followed by an Add step with ReLU.
     */
    record PointwiseAddRelu(String name, PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] groups,
                            ChannelRuns[] runs, TensorView in, TensorView residual, TensorView out) implements Step {
        public PointwiseAddRelu {
            if (runs != null && runs.length != groups.length)
                throw new IllegalArgumentException(name + ": " + runs.length + " channel runs for " + groups.length
                        + " groups");
            if (residual.channels() != out.channels() || residual.pixelsPerImage() != out.pixelsPerImage())
                throw new IllegalArgumentException(name + ": the residual has " + residual.channels() + " channels x "
                        + residual.pixelsPerImage() + " pixels, the output " + out.channels() + " x "
                        + out.pixelsPerImage());
        }

        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * out.pixelsPerImage(); }
        public List<TensorView> reads() { return List.of(in, residual); }
        public List<TensorView> writes() { return List.of(out); }
        @Override public int channelRuns() { return runs == null ? 0 : runs[0].runCount(); }

        /** All groups in one call: the kernel may band the pixels ({@link PointwiseConvKernel#runGroupsAddRelu}). */
        public void run(Workspace ws, int begin, int end) {
            kernel.runGroupsAddRelu(groups, runs, ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(residual), residual.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    record Depthwise(String name, DepthwiseConv3x3Kernel kernel, DepthwiseConv3x3Kernel.PackedWeights weights,
                     TensorView in, TensorView out, int stride, boolean relu, float max) implements OneToOne {
        /** Without an upper bound: ReLU or nothing. */
        public Depthwise(String name, DepthwiseConv3x3Kernel kernel, DepthwiseConv3x3Kernel.PackedWeights weights,
                         TensorView in, TensorView out, int stride, boolean relu) {
            this(name, kernel, weights, in, out, stride, relu, Float.POSITIVE_INFINITY);
        }

        public Unit unit() { return Unit.ROWS; }
        public int units(int batch) { return batch * out.height(); }
        @Override public boolean clamps() { return max < Float.POSITIVE_INFINITY; }

        public void run(Workspace ws, int begin, int end) {
            if (max < Float.POSITIVE_INFINITY) kernel.run(weights, stride, in.height(), in.width(), ws.arena, ws.at(in),
                    in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end, floor(relu), max);
            else kernel.run(weights, stride, in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    record DirectConv(String name, DirectConvKernel kernel, DirectConvKernel.PackedWeights weights,
                      TensorView in, TensorView out, int strideH, int strideW, int padTop, int padLeft,
                      int padBottom, int padRight, boolean relu, float max) implements OneToOne {
        /** Without an upper bound: ReLU or nothing. */
        public DirectConv(String name, DirectConvKernel kernel, DirectConvKernel.PackedWeights weights,
                          TensorView in, TensorView out, int strideH, int strideW, int padTop, int padLeft,
                          int padBottom, int padRight, boolean relu) {
            this(name, kernel, weights, in, out, strideH, strideW, padTop, padLeft, padBottom, padRight, relu,
                    Float.POSITIVE_INFINITY);
        }

        public Unit unit() { return Unit.ROWS; }
        public int units(int batch) { return batch * out.height(); }
        @Override public boolean clamps() { return max < Float.POSITIVE_INFINITY; }

        public void run(Workspace ws, int begin, int end) {
            if (max < Float.POSITIVE_INFINITY) kernel.run(weights, in.height(), in.width(), strideH, strideW, padTop,
                    padLeft, padBottom, padRight, ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out),
                    out.pixelStride(), begin, end, floor(relu), max);
            else kernel.run(weights, in.height(), in.width(), strideH, strideW, padTop, padLeft, padBottom, padRight,
                    ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    /**
     * The stem in one pass ({@link StemPlacement}): the caller's NCHW input, 3x3/2 conv (+ ReLU) and 3x3/2
     * max pool into {@code out}. Units are output rows of the pool, so threads get row bands of it.
     */
    record StemConvPool(String name, StemConvPoolKernel kernel, StemConvPoolKernel.PackedWeights weights, int inH,
                        int inW, TensorView out, boolean relu) implements Step {
        public Unit unit() { return Unit.ROWS; }
        public int units(int batch) { return batch * out.height(); }
        public List<TensorView> reads() { return List.of(); }
        public List<TensorView> writes() { return List.of(out); }

        public void run(Workspace ws, int begin, int end) {
            kernel.run(weights, inH, inW, ws.input, ws.inputOffset, ws.arena, ws.at(out), out.pixelStride(), begin,
                    end, relu);
        }
    }

    /** The pool's window comes from its op (which holds no weights). */
    record MaxPool(String name, PoolKernel kernel, Op.MaxPool window, TensorView in, TensorView out)
            implements OneToOne {
        public Unit unit() { return Unit.ROWS; }
        public int units(int batch) { return batch * out.height(); }

        public void run(Workspace ws, int begin, int end) {
            Op.MaxPool p = window;
            kernel.maxPool(in.channels(), in.height(), in.width(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    p.padTop(), p.padLeft(), p.padBottom(), p.padRight(),
                    ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    record AvgPool(String name, PoolKernel kernel, Op.AvgPool window, TensorView in, TensorView out, boolean relu)
            implements OneToOne {
        public Unit unit() { return Unit.ROWS; }
        public int units(int batch) { return batch * out.height(); }

        public void run(Workspace ws, int begin, int end) {
            Op.AvgPool p = window;
            kernel.avgPool(in.channels(), in.height(), in.width(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                    p.padTop(), p.padLeft(), p.padBottom(), p.padRight(), p.countIncludePad(),
                    ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    record GlobalPool(String name, PoolKernel kernel, TensorView in, TensorView out) implements OneToOne {
        public Unit unit() { return Unit.IMAGES; }
        public int units(int batch) { return batch; }

        public void run(Workspace ws, int begin, int end) {
            kernel.globalAvgPool(in.channels(), in.pixelsPerImage(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** General channel shuffle with g groups into a new tensor. */
    record Shuffle(String name, ChannelShuffleKernel kernel, TensorView in, TensorView out, int groups)
            implements OneToOne {
        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * out.pixelsPerImage(); }

        public void run(Workspace ws, int begin, int end) {
            kernel.shuffle(in.channels(), groups, ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** ShuffleNet v2's concat + shuffle(2) + split in one pass: halves a, b in; out = [lo | hi]. */
    record ConcatShuffleSplit(String name, ChannelShuffleKernel kernel, TensorView a, TensorView b, TensorView out,
                              TensorView lo, TensorView hi) implements Step {
        static ConcatShuffleSplit of(String name, ChannelShuffleKernel kernel, TensorView a, TensorView b,
                                     TensorView out) {
            int half = a.channels();
            return new ConcatShuffleSplit(name, kernel, a, b, out, out.slice(out.tensor() + "[0:" + half + "]", 0, half),
                    out.slice(out.tensor() + "[" + half + ":" + 2 * half + "]", half, 2 * half));
        }

        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * a.pixelsPerImage(); }
        public List<TensorView> reads() { return List.of(a, b); }
        /** lo and hi are the two halves of out. */
        public List<TensorView> writes() { return List.of(out, lo, hi); }

        public void run(Workspace ws, int begin, int end) {
            kernel.concatShuffleSplit(a.channels(), ws.arena, ws.at(a), a.pixelStride(), ws.arena, ws.at(b),
                    b.pixelStride(), ws.arena, ws.at(lo), lo.pixelStride(), ws.arena, ws.at(hi), hi.pixelStride(),
                    begin, end);
        }
    }

    record Add(String name, ElementwiseKernel kernel, TensorView a, TensorView b, TensorView out, boolean relu)
            implements Step {
        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * out.pixelsPerImage(); }
        public List<TensorView> reads() { return List.of(a, b); }
        public List<TensorView> writes() { return List.of(out); }

        public void run(Workspace ws, int begin, int end) {
            kernel.add(out.channels(), ws.arena, ws.at(a), a.pixelStride(), ws.arena, ws.at(b), b.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    /**
     * One-input elementwise ops on the channels of each pixel: a ReLU that could not be fused into the op
     * before it, a copy (a concat member that could not be written in place), or softmax over [N, C].
     */
    record Unary(String name, ElementwiseKernel kernel, Kind kind, TensorView in, TensorView out) implements OneToOne {
        enum Kind { RELU, COPY, SOFTMAX }

        public Unit unit() { return Unit.PIXELS; }
        public int units(int batch) { return batch * out.pixelsPerImage(); }

        public void run(Workspace ws, int begin, int end) {
            int c = out.channels(), i = ws.at(in), o = ws.at(out), is = in.pixelStride(), os = out.pixelStride();
            switch (kind) {
                case RELU -> kernel.relu(c, ws.arena, i, is, ws.arena, o, os, begin, end);
                case COPY -> kernel.copy(c, ws.arena, i, is, ws.arena, o, os, begin, end);
                case SOFTMAX -> kernel.softmax(c, ws.arena, i, is, ws.arena, o, os, begin, end);
            }
        }
    }

    /** Flatten of a map with H*W > 1: NCHW order, as ONNX defines it. */
    record FlattenNchw(String name, LayoutKernel kernel, TensorView in, TensorView out) implements OneToOne {
        public Unit unit() { return Unit.IMAGES; }
        public int units(int batch) { return batch; }

        public void run(Workspace ws, int begin, int end) {
            kernel.nhwcToNchw(in.channels(), in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), begin, end);
        }
    }
}
