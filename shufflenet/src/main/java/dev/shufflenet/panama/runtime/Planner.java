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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link Graph} into a {@link Plan}: the one place that knows about layouts, fusion and kernels.
 *
 * <ul>
 *   <li>Layout: every tensor is NHWC (see the kernels package for why); the API's NCHW input is
 *       converted once by the first step.</li>
 *   <li>Batch norms are folded into convs, ReLUs fused into the op before them ({@link GraphRewrites}).</li>
 *   <li>Split is free: a ChannelSlice is a view of its input.</li>
 *   <li>Concat is free where possible: each input that only the concat reads, and that a kernel
 *       produces, is written by that kernel straight into its channel slice of the concat's buffer;
 *       other inputs are copied.</li>
 *   <li>ShuffleNet v2's concat + channel shuffle(2) + split becomes one pass that reads the two branch
 *       outputs and writes the shuffled tensor, whose halves the next unit then reads as views.</li>
 *   <li>Memory: one workspace; buffers whose lifetimes do not intersect share bytes
 *       ({@link MemoryPlanner}).</li>
 * </ul>
 */
public final class Planner {
    private final Graph graph;
    private final KernelSet kernels;
    private final PointwiseSelector pointwise;
    private final int height, width;

    private final Map<Value, int[]> shapes;
    private final Map<Value, TensorView> views = new HashMap<>();
    private final Map<Value, TensorView> destinations = new HashMap<>();
    private final Set<Node> fusedConcats = new HashSet<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    private Planner(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width) {
        this.graph = graph;
        this.kernels = kernels;
        this.pointwise = pointwise;
        this.height = height;
        this.width = width;
        this.shapes = ShapeInference.infer(graph, 1, height, width);
    }

    /** Plans the graph for input images of height x width. */
    static Plan plan(Graph graph, KernelSet kernels, PointwiseSelector pointwise, int height, int width) {
        return new Planner(graph, kernels, pointwise, height, width).build();
    }

    private Plan build() {
        List<GraphRewrites.Fused> nodes = GraphRewrites.rewrite(graph);
        findFusions(nodes);

        TensorView input = fresh(graph.input(), "input");
        views.put(graph.input(), input);
        steps.add(new Steps.Input(kernels.layout(), input));
        for (GraphRewrites.Fused f : nodes) emit(f.node(), f.relu());
        TensorView out = views.get(graph.output());
        steps.add(new Steps.Output(kernels.layout(), kernels.elementwise(), out));

        for (int i = 0; i < steps.size(); i++) {
            for (Buffer b : steps.get(i).reads()) b.touch(i);
            for (Buffer b : steps.get(i).writes()) b.touch(i);
        }
        for (Buffer b : buffers) {
            if (b.lastStep < 0) b.touch(0); // a buffer nobody touches still needs a valid place
        }
        long size = MemoryPlanner.place(buffers);
        long peak = MemoryPlanner.peakLive(buffers, steps.size());
        int[] outShape = shapes.get(graph.output());
        return new Plan(List.copyOf(steps), size, peak, graph.inputChannels(), height, width, outShape, List.copyOf(buffers));
    }

    /** Marks concats absorbed by a following shuffle, and inputs that producers can write in place. */
    private void findFusions(List<GraphRewrites.Fused> nodes) {
        Map<Value, Integer> uses = new HashMap<>();
        Map<Value, Node> producer = new HashMap<>();
        for (GraphRewrites.Fused f : nodes) {
            for (Value v : f.node().inputs()) uses.merge(v, 1, Integer::sum);
            for (Value v : f.node().outputs()) producer.put(v, f.node());
        }
        uses.merge(graph.output(), 1, Integer::sum);
        for (GraphRewrites.Fused f : nodes) {
            Node n = f.node();
            if (n.op() instanceof Op.ChannelShuffle s && s.groups() == 2 && !f.relu()) {
                Node p = producer.get(n.input());
                if (p != null && p.op() instanceof Op.Concat && p.inputs().size() == 2
                        && uses.getOrDefault(n.input(), 0) == 1
                        && channels(p.inputs().get(0)) == channels(p.inputs().get(1))) {
                    fusedConcats.add(p);
                }
            }
        }
        for (GraphRewrites.Fused f : nodes) {
            Node n = f.node();
            if (!(n.op() instanceof Op.Concat) || fusedConcats.contains(n)) continue;
            int[] shape = shapes.get(n.output());
            Buffer buffer = newBuffer(n.name(), shape);
            TensorView whole = view(buffer, shape);
            views.put(n.output(), whole);
            int offset = 0;
            Set<Value> seen = new HashSet<>();
            for (Value in : n.inputs()) {
                int c = channels(in);
                Node p = producer.get(in);
                if (p != null && writesFreshTensor(p.op()) && uses.getOrDefault(in, 0) == 1 && seen.add(in))
                    destinations.put(in, whole.slice(offset, offset + c));
                offset += c;
            }
        }
    }

    /** Ops whose step writes its whole output through a view it is given. */
    private static boolean writesFreshTensor(Op op) {
        return op instanceof Op.Conv2d || op instanceof Op.MaxPool || op instanceof Op.AvgPool || op instanceof Op.Add
                || op instanceof Op.Relu || op instanceof Op.ChannelShuffle;
    }

    private void emit(Node n, boolean relu) {
        String name = n.name();
        switch (n.op()) {
            case Op.Conv2d c -> emitConv(n, c, relu);
            case Op.Linear l -> {
                TensorView in = flatInput(n);
                TensorView out = fresh(n.output(), name);
                PointwiseConvKernel k = pointwise.choose(name, l.outFeatures(), l.inFeatures(), 1);
                PointwiseConvKernel.PackedWeights w = k.pack(l.weight(), l.bias(), l.outFeatures(), l.inFeatures());
                steps.add(new Steps.Pointwise(name, k, new PointwiseConvKernel.PackedWeights[] {w}, in, out, relu));
            }
            case Op.Relu r -> steps.add(new Steps.Unary(name, kernels.elementwise(), Steps.Unary.Kind.RELU, in(n, 0),
                    fresh(n.output(), name)));
            case Op.MaxPool p -> steps.add(new Steps.Pool(name, kernels.pool(), in(n, 0), fresh(n.output(), name), true,
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(),
                    p.padRight(), false, false));
            case Op.AvgPool p -> steps.add(new Steps.Pool(name, kernels.pool(), in(n, 0), fresh(n.output(), name), false,
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padLeft(), p.padBottom(),
                    p.padRight(), p.countIncludePad(), relu));
            case Op.GlobalAvgPool p -> {
                TensorView in = in(n, 0);
                TensorView out = fresh(n.output(), name);
                steps.add(new Steps.GlobalPool(name, kernels.pool(), in, out));
            }
            case Op.Flatten f -> {
                TensorView in = in(n, 0);
                if (in.flat() || in.pixelsPerImage() == 1) {
                    views.put(n.output(), in.flattened());
                } else {
                    TensorView out = fresh(n.output(), name);
                    if (!in.whole()) throw unsupported(n, "Flatten of a channel slice of a larger tensor");
                    steps.add(new Steps.FlattenNchw(name, kernels.layout(), in, out));
                }
            }
            case Op.Concat c -> {
                if (fusedConcats.contains(n)) return; // the shuffle after it reads its inputs directly
                TensorView whole = views.get(n.output());
                int offset = 0;
                for (Value v : n.inputs()) {
                    TensorView src = views.get(v);
                    TensorView dst = whole.slice(offset, offset + src.channels());
                    if (!sameView(src, dst))
                        steps.add(new Steps.Unary(name + "/copy:" + v.name(), kernels.elementwise(),
                                Steps.Unary.Kind.COPY, src, dst));
                    offset += src.channels();
                }
            }
            case Op.ChannelSlice s -> views.put(n.output(), in(n, 0).slice(s.start(), s.end()));
            case Op.ChannelShuffle s -> emitShuffle(n, s);
            case Op.Add a -> steps.add(new Steps.Add(name, kernels.elementwise(), in(n, 0), in(n, 1),
                    fresh(n.output(), name), relu));
            case Op.Softmax s -> steps.add(new Steps.Unary(name, kernels.elementwise(), Steps.Unary.Kind.SOFTMAX,
                    flatInput(n), fresh(n.output(), name)));
            case Op.BatchNorm b -> throw unsupported(n, "a BatchNormalization that could not be folded into a Conv");
        }
    }

    private void emitConv(Node n, Op.Conv2d c, boolean relu) {
        String name = n.name();
        TensorView in = in(n, 0);
        TensorView out = fresh(n.output(), name);
        if (c.isPointwise()) {
            int g = c.groups();
            int mg = c.outChannels() / g, kg = c.inChannels() / g;
            PointwiseConvKernel k = pointwise.choose(name, mg, kg, out.pixelsPerImage());
            PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[g];
            for (int i = 0; i < g; i++) {
                float[] w = Arrays.copyOfRange(c.weight(), i * mg * kg, (i + 1) * mg * kg);
                float[] b = c.bias() == null ? null : Arrays.copyOfRange(c.bias(), i * mg, (i + 1) * mg);
                packed[i] = k.pack(w, b, mg, kg);
            }
            steps.add(new Steps.Pointwise(name, k, packed, in, out, relu));
        } else if (c.isDepthwise() && c.kernelH() == 3 && c.kernelW() == 3 && c.strideH() == c.strideW()
                && (c.strideH() == 1 || c.strideH() == 2)
                && c.padTop() == 1 && c.padLeft() == 1 && c.padBottom() == 1 && c.padRight() == 1) {
            DepthwiseConv3x3Kernel k = kernels.depthwise();
            steps.add(new Steps.Depthwise(name, k, k.pack(c.weight(), c.bias(), c.outChannels()), in, out,
                    c.strideH(), relu));
        } else if (c.groups() == 1) {
            DirectConvKernel k = kernels.direct();
            DirectConvKernel.PackedWeights w = k.pack(c.weight(), c.bias(), c.outChannels(), c.inChannels(),
                    c.kernelH(), c.kernelW());
            steps.add(new Steps.DirectConv(name, k, w, in, out, c.strideH(), c.strideW(), c.padTop(), c.padLeft(),
                    c.padBottom(), c.padRight(), relu));
        } else {
            throw unsupported(n, "a grouped Conv that is neither 1x1 nor 3x3 depthwise with pad 1 and stride 1 or 2"
                    + " (kernel " + c.kernelH() + "x" + c.kernelW() + ", groups " + c.groups() + ", stride " + c.strideH()
                    + "x" + c.strideW() + ")");
        }
    }

    private void emitShuffle(Node n, Op.ChannelShuffle s) {
        Node concat = null;
        for (Node p : fusedConcats) if (p.outputs().contains(n.input())) concat = p;
        TensorView out = fresh(n.output(), n.name());
        if (concat != null) {
            TensorView a = views.get(concat.inputs().get(0));
            TensorView b = views.get(concat.inputs().get(1));
            steps.add(new Steps.ConcatShuffleSplit(concat.name() + "+" + n.name(), kernels.shuffle(), a, b, out));
        } else {
            steps.add(new Steps.Shuffle(n.name(), kernels.shuffle(), in(n, 0), out, s.groups()));
        }
    }

    private TensorView in(Node n, int i) {
        TensorView v = views.get(n.inputs().get(i));
        if (v == null) throw new IllegalStateException("node " + n + ": input '" + n.inputs().get(i) + "' was not planned");
        return v;
    }

    private TensorView flatInput(Node n) {
        TensorView v = in(n, 0);
        if (v.flat()) return v;
        if (v.pixelsPerImage() == 1) return v.flattened();
        throw unsupported(n, "a " + v.height() + "x" + v.width() + " feature map where [N, C] was expected");
    }

    /** The output view of a value: its concat slice when one was reserved, else a new buffer. */
    private TensorView fresh(Value v, String owner) {
        TensorView dst = destinations.get(v);
        if (dst == null) dst = view(newBuffer(owner, shapes.get(v)), shapes.get(v));
        views.put(v, dst);
        return dst;
    }

    private Buffer newBuffer(String owner, int[] shape) {
        int pixels = shape.length == 4 ? shape[2] * shape[3] : 1;
        Buffer b = new Buffer(buffers.size(), owner, shape[1], pixels);
        buffers.add(b);
        return b;
    }

    private static TensorView view(Buffer b, int[] shape) {
        return shape.length == 4 ? new TensorView(b, 0, shape[1], shape[2], shape[3], false)
                : new TensorView(b, 0, shape[1], 1, 1, true);
    }

    private static boolean sameView(TensorView a, TensorView b) {
        return a.buffer() == b.buffer() && a.channelOffset() == b.channelOffset() && a.channels() == b.channels();
    }

    private int channels(Value v) { return shapes.get(v)[1]; }

    private static IllegalArgumentException unsupported(Node n, String what) {
        return new IllegalArgumentException("node " + n + ": unsupported: " + what);
    }
}
