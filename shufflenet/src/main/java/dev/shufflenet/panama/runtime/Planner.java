package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Graph} into a {@link Plan}. It runs the rewrite passes, then only maps each rewritten
 * node to a step (choosing the kernel) and places buffers; every fusion decision is a fact on the
 * {@link FusedNode} it is given.
 *
 * <ol>
 *   <li>{@link GraphRewrites}: batch norms folded into convs, ReLUs fused into the op before them.</li>
 *   <li>{@link StemPlacement}: the stem's conv + max pool on the NCHW input as one pass, where it applies.</li>
 *   <li>{@link ConcatPlacement}: v2's concat + shuffle(2) + split as one pass; concat inputs written in place.</li>
 *   <li>{@link ShufflePlacement}: each v1 shuffle folded into a conv's write, left as a pass, or folded into
 *       the read of the 1x1 conv after it (with the weights permuted accordingly).</li>
 *   <li>Here: layout is NHWC everywhere (see the kernels package for why), the API's NCHW input is
 *       converted by the first step; a ChannelSlice is a view of its input; a Concat's buffer is made before
 *       its producers run, which write their slices of it.</li>
 *   <li>{@link MemoryPlanner}: one workspace; buffers whose lifetimes do not intersect share bytes.</li>
 * </ol>
 */
final class Planner {
    private final Graph graph;
    private final KernelSet kernels;
    private final PointwiseSelector pointwise;
    private final int height, width;
    /** Threads the model runs with: above 1, small maps' 1x1 convs are cut by output channels. */
    private final int threads;

    private final Map<Value, int[]> shapes;
    private final Map<Value, TensorView> views = new HashMap<>();
    /** Concat inputs that their producers write in place: the slice of the concat's buffer. */
    private final Map<Value, TensorView> destinations = new HashMap<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    private Planner(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width, int threads) {
        this.threads = threads;
        this.graph = graph;
        this.kernels = kernels;
        this.pointwise = pointwise;
        this.height = height;
        this.width = width;
        this.shapes = ShapeInference.infer(graph, 1, height, width);
    }

    /** Plans the graph for input images of height x width, for one thread. */
    static Plan plan(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width) {
        return plan(graph, kernels, pointwise, height, width, 1);
    }

    /** Plans the graph for input images of height x width and a model that runs on {@code threads} threads. */
    static Plan plan(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width, int threads) {
        return new Planner(graph, kernels, pointwise, height, width, threads).build();
    }

    /**
     * Below this many output pixels per thread, a 1x1 conv is cut by output channels instead of pixels: the
     * GEMM's tiles are 6 pixels tall, and a thread with a few tiles' worth of pixels still streams every
     * weight (stage 4's 464 x 464 weights are 860 KB) for little work.
     */
    static final int MIN_PIXELS_PER_THREAD = 48;

    /** Output channels per slice are a multiple of this: 16 floats fill a vector of every width up to 512 bits. */
    static final int SLICE_CHANNELS = 16;

    /**
     * Slice starts for an ungrouped 1x1 conv of {@code m} output channels on {@code pixels} pixels per image,
     * or null where it is split by pixels (or runs on one thread).
     */
    static int[] outputSlices(int m, int pixels, int threads) {
        if (threads <= 1 || pixels >= MIN_PIXELS_PER_THREAD * threads) return null;
        int slices = Math.min(threads, m / SLICE_CHANNELS);
        if (slices < 2) return null;
        int[] starts = new int[slices + 1];
        for (int i = 1; i < slices; i++) {
            int even = (int) ((long) m * i / slices);
            starts[i] = Math.max(starts[i - 1] + SLICE_CHANNELS,
                    (even + SLICE_CHANNELS / 2) / SLICE_CHANNELS * SLICE_CHANNELS);
        }
        starts[slices] = m;
        for (int i = 1; i <= slices; i++) if (starts[i] <= starts[i - 1]) return null;
        return starts;
    }

    /** A 1x1 conv or FC layer cut into output-channel slices, each packed on its own. */
    private Step.PointwiseSlices sliced(String name, PointwiseConvKernel k, float[] weight, float[] bias, int m, int kk,
                                        int[] starts, TensorView in, TensorView out, boolean relu, float max) {
        PointwiseConvKernel.PackedWeights[] slices = new PointwiseConvKernel.PackedWeights[starts.length - 1];
        for (int s = 0; s < slices.length; s++) {
            int from = starts[s], to = starts[s + 1];
            float[] w = Arrays.copyOfRange(weight, from * kk, to * kk);
            float[] b = bias == null ? null : Arrays.copyOfRange(bias, from, to);
            slices[s] = k.pack(w, b, to - from, kk);
        }
        return new Step.PointwiseSlices(name, k, slices, starts, in, out, relu, max);
    }

    /** The rewrite passes in order: what the planner maps to steps. */
    static List<FusedNode> rewrite(Graph graph, Map<Value, int[]> shapes, KernelSet kernels,
                                   PointwiseSelector pointwise) {
        List<FusedNode> nodes = StemPlacement.place(graph, GraphRewrites.rewrite(graph));
        nodes = ConcatPlacement.place(graph, nodes, shapes);
        nodes = ShufflePlacement.place(graph, nodes, shapes, kernels.shuffle(), pointwise);
        nodes = ResidualPlacement.place(graph, nodes, shapes);
        return ConcatReluPlacement.place(graph, nodes);
    }

    private Plan build() {
        List<FusedNode> nodes = rewrite(graph, shapes, kernels, pointwise);
        for (FusedNode f : nodes) if (f.node().op() instanceof Op.Concat) reserveConcat(f);

        // A fused stem reads the caller's NCHW input itself; otherwise the first step converts it.
        if (nodes.stream().noneMatch(f -> f.fold() == FusedNode.Fold.STEM_POOL))
            steps.add(new Step.Input(kernels.layout(), fresh(graph.input(), "input")));
        for (FusedNode f : nodes) emit(f);
        TensorView out = views.get(graph.output());
        steps.add(out.flat() ? new Step.OutputRows(kernels.elementwise(), out)
                : new Step.OutputImages(kernels.layout(), out));

        for (int i = 0; i < steps.size(); i++) {
            for (TensorView v : steps.get(i).reads()) v.buffer().touch(i);
            for (TensorView v : steps.get(i).writes()) v.buffer().touch(i);
        }
        for (Buffer b : buffers) {
            if (b.lastStep < 0) b.touch(0); // a buffer nobody touches still needs a valid place
        }
        long size = MemoryPlanner.place(buffers);
        long peak = MemoryPlanner.peakLive(buffers, steps.size());
        int[] outShape = shapes.get(graph.output());
        return new Plan(List.copyOf(steps), size, peak, graph.inputChannels(), height, width, outShape, List.copyOf(buffers));
    }

    /** A concat's buffer, made before its producers so that those in {@link FusedNode#writtenInPlace} write into it. */
    private void reserveConcat(FusedNode f) {
        Node n = f.node();
        int[] shape = shapes.get(n.output());
        TensorView whole = view(n.output().name(), newBuffer(n.name(), shape), shape);
        views.put(n.output(), whole);
        int offset = 0;
        for (Value in : n.inputs()) {
            int c = shapes.get(in)[1];
            if (f.writtenInPlace().contains(in)) destinations.put(in, whole.slice(in.name(), offset, offset + c));
            offset += c;
        }
    }

    /** The depthwise convs the planner gives to the depthwise 3x3 kernel. */
    static boolean isDepthwise3x3(Op.Conv2d c) {
        return c.isDepthwise() && c.kernelH() == 3 && c.kernelW() == 3 && c.strideH() == c.strideW()
                && (c.strideH() == 1 || c.strideH() == 2)
                && c.padTop() == 1 && c.padLeft() == 1 && c.padBottom() == 1 && c.padRight() == 1;
    }

    private void emit(FusedNode f) {
        Node n = f.node();
        boolean relu = f.relu();
        String name = n.name();
        switch (n.op()) {
            case Op.Conv2d c -> emitConv(f, c);
            case Op.Linear l -> {
                TensorView in = flatInput(n);
                TensorView out = fresh(n.output(), name);
                PointwiseConvKernel k = pointwise.choose(name, l.outFeatures(), l.inFeatures(), 1);
                int[] slices = outputSlices(l.outFeatures(), 1, threads);
                if (slices != null) {
                    steps.add(sliced(name, k, l.weight(), l.bias(), l.outFeatures(), l.inFeatures(), slices, in, out,
                            relu, f.clampMax()));
                } else {
                    PointwiseConvKernel.PackedWeights w = k.pack(l.weight(), l.bias(), l.outFeatures(), l.inFeatures());
                    steps.add(new Step.Pointwise(name, k, new PointwiseConvKernel.PackedWeights[] {w}, null, in, out,
                            relu, f.clampMax()));
                }
            }
            case Op.Clip c -> throw unsupported(n, "a Clip [" + c.min() + ", " + c.max() + "] that is not a Clip(0, max)"
                    + " right after a Conv or Gemm whose output it alone reads (those run in the conv's epilogue)");
            case Op.Relu r -> steps.add(new Step.Unary(name, kernels.elementwise(), Step.Unary.Kind.RELU, in(n, 0),
                    fresh(n.output(), name)));
            case Op.MaxPool p -> steps.add(new Step.MaxPool(name, kernels.pool(), p, in(n, 0), fresh(n.output(), name)));
            case Op.AvgPool p -> steps.add(new Step.AvgPool(name, kernels.pool(), p, in(n, 0), fresh(n.output(), name),
                    relu));
            case Op.GlobalAvgPool p -> {
                TensorView in = in(n, 0);
                steps.add(new Step.GlobalPool(name, kernels.pool(), in, fresh(n.output(), name)));
            }
            case Op.Flatten fl -> {
                TensorView in = in(n, 0);
                if (in.flat() || in.pixelsPerImage() == 1) {
                    views.put(n.output(), in.flattened(n.output().name()));
                } else {
                    TensorView out = fresh(n.output(), name);
                    if (!in.whole()) throw unsupported(n, "Flatten of a channel slice of a larger tensor");
                    steps.add(new Step.FlattenNchw(name, kernels.layout(), in, out));
                }
            }
            case Op.Concat c -> {
                TensorView whole = views.get(n.output());
                int offset = 0;
                for (Value v : n.inputs()) {
                    TensorView src = views.get(v);
                    TensorView dst = whole.slice(v.name(), offset, offset + src.channels());
                    if (!src.sameMemory(dst))
                        steps.add(new Step.Unary(name + "/copy:" + v.name(), kernels.elementwise(),
                                Step.Unary.Kind.COPY, src, dst));
                    offset += src.channels();
                }
            }
            case Op.ChannelSlice s -> views.put(n.output(), in(n, 0).slice(n.output().name(), s.start(), s.end()));
            case Op.ChannelShuffle s -> {
                TensorView out = fresh(n.output(), name);
                if (f.fold() == FusedNode.Fold.CONCAT_SHUFFLE_SPLIT) {
                    steps.add(Step.ConcatShuffleSplit.of(name, kernels.shuffle(), in(n, 0), in(n, 1), out));
                } else {
                    steps.add(new Step.Shuffle(name, kernels.shuffle(), in(n, 0), out, s.groups()));
                }
            }
            case Op.Add a -> steps.add(new Step.Add(name, kernels.elementwise(), in(n, 0), in(n, 1),
                    fresh(n.output(), name), relu));
            case Op.Softmax s -> steps.add(new Step.Unary(name, kernels.elementwise(), Step.Unary.Kind.SOFTMAX,
                    flatInput(n), fresh(n.output(), name)));
            case Op.BatchNorm b -> throw unsupported(n, "a BatchNormalization that could not be folded into a Conv");
        }
    }

    private void emitConv(FusedNode f, Op.Conv2d c) {
        if (ResidualPlacement.addsResidual(f)) {
            emitConvAddRelu(f, c);
            return;
        }
        Node n = f.node();
        String name = n.name();
        if (f.fold() == FusedNode.Fold.STEM_POOL) {
            StemConvPoolKernel k = kernels.stem().forChannels(c.outChannels());
            steps.add(new Step.StemConvPool(name, k, k.pack(c.weight(), c.bias(), c.outChannels(), c.inChannels()),
                    height, width, fresh(n.output(), name), f.relu()));
            return;
        }
        TensorView in = in(n, 0);
        TensorView out = fresh(n.output(), name);
        if (c.isPointwise()) {
            int g = c.groups();
            int mg = c.outChannels() / g, kg = c.inChannels() / g;
            PointwiseConvKernel k = f.gemm() != null ? f.gemm() : pointwise.choose(name, mg, kg, out.pixelsPerImage(), g);
            int[] slices = g == 1 && f.channelRuns() == null ? outputSlices(mg, out.pixelsPerImage(), threads) : null;
            if (slices != null) {
                steps.add(sliced(name, k, c.weight(), c.bias(), mg, kg, slices, in, out, f.relu(), f.clampMax()));
                return;
            }
            PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[g];
            for (int i = 0; i < g; i++) {
                float[] w = Arrays.copyOfRange(c.weight(), i * mg * kg, (i + 1) * mg * kg);
                float[] b = c.bias() == null ? null : Arrays.copyOfRange(c.bias(), i * mg, (i + 1) * mg);
                packed[i] = k.pack(w, b, mg, kg);
            }
            steps.add(new Step.Pointwise(name, k, packed, f.channelRuns(), in, out, f.relu(), f.clampMax()));
        } else if (isDepthwise3x3(c)) {
            DepthwiseConv3x3Kernel k = kernels.depthwise();
            steps.add(new Step.Depthwise(name, k, k.pack(c.weight(), c.bias(), c.outChannels()), in, out,
                    c.strideH(), f.relu(), f.clampMax()));
        } else if (c.groups() == 1) {
            DirectConvKernel k = kernels.direct();
            DirectConvKernel.PackedWeights w = k.pack(c.weight(), c.bias(), c.outChannels(), c.inChannels(),
                    c.kernelH(), c.kernelW());
            steps.add(new Step.DirectConv(name, k, w, in, out, c.strideH(), c.strideW(), c.padTop(), c.padLeft(),
                    c.padBottom(), c.padRight(), f.relu(), f.clampMax()));
        } else {
            throw unsupported(n, "a grouped Conv that is neither 1x1 nor 3x3 depthwise with pad 1 and stride 1 or 2"
                    + " (kernel " + c.kernelH() + "x" + c.kernelW() + ", groups " + c.groups() + ", stride " + c.strideH()
                    + "x" + c.strideW() + ")");
        }
    }

    /**
     * A 1x1 conv carrying a residual add + ReLU ({@link ResidualPlacement}): one step when the GEMM chosen has
     * the residual epilogue and the conv is not cut into output-channel slices; else the conv into a buffer
     * of its own and an Add step with ReLU, as before the pass.
     */
    private void emitConvAddRelu(FusedNode f, Op.Conv2d c) {
        Node n = f.node();
        String name = n.name();
        int g = c.groups();
        int mg = c.outChannels() / g, kg = c.inChannels() / g;
        TensorView in = in(n, 0), residual = in(n, 1);
        int pixels = shapes.get(n.output())[2] * shapes.get(n.output())[3];
        PointwiseConvKernel k = f.gemm() != null ? f.gemm() : pointwise.choose(name, mg, kg, pixels, g);
        boolean sliced = g == 1 && f.channelRuns() == null && outputSlices(mg, pixels, threads) != null;
        if (!k.addsResidual() || sliced) {
            Value branch = new Value(n.name() + ":branch");
            int[] shape = shapes.get(n.output());
            shapes.put(branch, shape);
            Node alone = new Node(name + "/conv", c, List.of(n.input()), List.of(branch));
            FusedNode conv = new FusedNode(alone, false, f.fold(), f.channelRuns(), k, List.of(), Float.POSITIVE_INFINITY);
            emitConv(conv, c);
            steps.add(new Step.Add(name + "/add", kernels.elementwise(), residual, views.get(branch),
                    fresh(n.output(), name), true));
            return;
        }
        TensorView out = fresh(n.output(), name);
        PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[g];
        for (int i = 0; i < g; i++) {
            float[] w = Arrays.copyOfRange(c.weight(), i * mg * kg, (i + 1) * mg * kg);
            float[] b = c.bias() == null ? null : Arrays.copyOfRange(c.bias(), i * mg, (i + 1) * mg);
            packed[i] = k.pack(w, b, mg, kg);
        }
        steps.add(new Step.PointwiseAddRelu(name, k, packed, f.channelRuns(), in, residual, out));
    }

    private TensorView in(Node n, int i) {
        TensorView v = views.get(n.inputs().get(i));
        if (v == null) throw new IllegalStateException("node " + n + ": input '" + n.inputs().get(i) + "' was not planned");
        return v;
    }

    private TensorView flatInput(Node n) {
        TensorView v = in(n, 0);
        if (v.flat()) return v;
        if (v.pixelsPerImage() == 1) return v.flattened(v.tensor());
        throw unsupported(n, "a " + v.height() + "x" + v.width() + " feature map where [N, C] was expected");
    }

    /** The output view of a value: its concat slice when one was reserved, else a new buffer. */
    private TensorView fresh(Value v, String owner) {
        TensorView dst = destinations.get(v);
        if (dst == null) dst = view(v.name(), newBuffer(owner, shapes.get(v)), shapes.get(v));
        views.put(v, dst);
        return dst;
    }

    private Buffer newBuffer(String owner, int[] shape) {
        int pixels = shape.length == 4 ? shape[2] * shape[3] : 1;
        Buffer b = new Buffer(buffers.size(), owner, shape[1], pixels);
        buffers.add(b);
        return b;
    }

    private static TensorView view(String tensor, Buffer b, int[] shape) {
        return shape.length == 4 ? new TensorView(tensor, b, 0, shape[1], shape[2], shape[3], false)
                : new TensorView(tensor, b, 0, shape[1], 1, 1, true);
    }

    private static IllegalArgumentException unsupported(Node n, String what) {
        return new IllegalArgumentException("node " + n + ": unsupported: " + what);
    }
}
