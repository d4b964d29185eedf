package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;

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
 *   <li>ShuffleNet v1's g-group channel shuffle, in order of preference:
 *     <ol>
 *       <li>Folded into the write of the conv before it, when that is an ungrouped 1x1 conv read only by
 *           the shuffle (stage 2's first unit): its output channels are permuted by permuting its weight
 *           rows, so it writes the shuffled order and the shuffle costs nothing.</li>
 *       <li>A vectorized pass, where the shuffle kernel has one for the shape
 *           ({@link ChannelShuffleKernel#isVectorized}).</li>
 *       <li>Otherwise folded into the read of the conv after it: when the shuffle's only reader is a 1x1
 *           conv, or a 3x3 depthwise conv whose only reader is a 1x1 conv, the tensor stays unshuffled,
 *           the depthwise conv gets its weights permuted (it works per channel), and the 1x1 conv reads
 *           each group's shuffled channels through {@link ChannelRuns}, with its weight columns reordered
 *           to match. Needs a GEMM kernel that reads runs ({@link PointwiseConvKernel#readsChannelRuns}).
 *           {@code ChannelRunsGemmBenchmark} put the folded read between a vectorized pass (faster) and
 *           a scalar one (slower), hence the order.</li>
 *       <li>Otherwise a scalar pass.</li>
 *     </ol></li>
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
    /** Shuffles folded into their readers, with the pointwise conv that reads through runs. */
    private final Map<Node, FoldedShuffle> foldedShuffles = new HashMap<>();
    /** Shuffles folded into the write of the ungrouped 1x1 conv before them. */
    private final Set<Node> shufflesInWrite = new HashSet<>();
    /** Ungrouped 1x1 convs that write a shuffled order, by conv: the shuffle, and row s = old row position[s]. */
    private final Map<Node, ShuffledRows> permutedRows = new HashMap<>();

    private record ShuffledRows(Node shuffle, int[] position) {}
    /** Depthwise convs that run in a folded shuffle's unshuffled channel order, by node. */
    private final Map<Node, FoldedShuffle> permutedDepthwise = new HashMap<>();
    /** Pointwise convs that read a folded shuffle's output through channel runs, by node. */
    private final Map<Node, FoldedShuffle> runsReaders = new HashMap<>();
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
        findFoldableShuffles(nodes, uses, producer);
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

    /**
     * A channel shuffle left out of the plan: {@code position[s]} is where shuffled channel s lies in the
     * shuffle's (unshuffled) input; the depthwise conv, if any, runs in that order; the pointwise conv
     * reads through runs.
     */
    private record FoldedShuffle(Node shuffle, Node depthwise, Node reader, int[] position,
                                 PointwiseConvKernel readerKernel) {}

    /** Finds shuffle -> [3x3 depthwise] -> 1x1 conv chains with single readers (see the class doc). */
    private void findFoldableShuffles(List<GraphRewrites.Fused> nodes, Map<Value, Integer> uses,
                                      Map<Value, Node> producer) {
        Map<Value, GraphRewrites.Fused> reader = new HashMap<>();
        for (GraphRewrites.Fused f : nodes)
            for (Value v : f.node().inputs()) reader.put(v, f);
        for (GraphRewrites.Fused f : nodes) {
            Node n = f.node();
            if (!(n.op() instanceof Op.ChannelShuffle s) || f.relu()) continue;
            Node p = producer.get(n.input());
            if (p != null && fusedConcats.contains(p)) continue;
            int channels = channels(n.input()), perGroup = channels / s.groups();
            int[] position = new int[channels];
            for (int ch = 0; ch < channels; ch++) position[ch] = (ch % s.groups()) * perGroup + ch / s.groups();
            if (p != null && p.op() instanceof Op.Conv2d pc && pc.isPointwise() && pc.groups() == 1
                    && singleReader(n.input(), uses)) {
                shufflesInWrite.add(n);
                permutedRows.put(p, new ShuffledRows(n, position));
                continue;
            }
            if (kernels.shuffle().isVectorized(channels, s.groups())) continue;
            if (!singleReader(n.output(), uses)) continue;
            GraphRewrites.Fused next = reader.get(n.output());
            Node depthwise = null;
            if (next.node().op() instanceof Op.Conv2d c && isPlannedDepthwise(c)) {
                depthwise = next.node();
                if (!singleReader(depthwise.output(), uses)) continue;
                next = reader.get(depthwise.output());
            }
            if (!(next.node().op() instanceof Op.Conv2d c) || !c.isPointwise()) continue;
            int[] outShape = shapes.get(next.node().output());
            PointwiseConvKernel k = pointwise.choose(next.node().name(), c.outChannels() / c.groups(),
                    c.inChannels() / c.groups(), outShape[2] * outShape[3]);
            if (!k.readsChannelRuns()) continue;
            FoldedShuffle folded = new FoldedShuffle(n, depthwise, next.node(), position, k);
            foldedShuffles.put(n, folded);
            if (depthwise != null) permutedDepthwise.put(depthwise, folded);
            runsReaders.put(next.node(), folded);
        }
    }

    private boolean singleReader(Value v, Map<Value, Integer> uses) {
        return uses.getOrDefault(v, 0) == 1 && !v.equals(graph.output());
    }

    /** The depthwise convs that {@link #emitConv} gives to the depthwise 3x3 kernel. */
    private static boolean isPlannedDepthwise(Op.Conv2d c) {
        return c.isDepthwise() && c.kernelH() == 3 && c.kernelW() == 3 && c.strideH() == c.strideW()
                && (c.strideH() == 1 || c.strideH() == 2)
                && c.padTop() == 1 && c.padLeft() == 1 && c.padBottom() == 1 && c.padRight() == 1;
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
            FoldedShuffle folded = runsReaders.get(n);
            PointwiseConvKernel k = folded != null ? folded.readerKernel()
                    : pointwise.choose(name, mg, kg, out.pixelsPerImage());
            PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[g];
            ChannelRuns[] runs = folded == null ? null : new ChannelRuns[g];
            float[] weight = c.weight(), bias = c.bias();
            ShuffledRows shuffledRows = permutedRows.get(n);
            int[] rows = shuffledRows == null ? null : shuffledRows.position();
            if (rows != null) { // g == 1: output channel s computes old channel rows[s] (a folded shuffle)
                weight = new float[weight.length];
                bias = bias == null ? null : new float[bias.length];
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(c.weight(), rows[r] * kg, weight, r * kg, kg);
                    if (bias != null) bias[r] = c.bias()[rows[r]];
                }
            }
            for (int i = 0; i < g; i++) {
                float[] w = Arrays.copyOfRange(weight, i * mg * kg, (i + 1) * mg * kg);
                float[] b = bias == null ? null : Arrays.copyOfRange(bias, i * mg, (i + 1) * mg);
                if (folded != null) {
                    // Group i reads shuffled channels [i*kg, (i+1)*kg), which lie at position[] unshuffled.
                    ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(
                            Arrays.copyOfRange(folded.position(), i * kg, (i + 1) * kg));
                    runs[i] = sorted.runs();
                    w = sorted.reorderColumns(w, mg);
                }
                packed[i] = k.pack(w, b, mg, kg);
            }
            String stepName = folded != null ? folded.shuffle().name() + "+" + name
                    : rows != null ? name + "+" + shuffledRows.shuffle().name() : name;
            steps.add(new Steps.Pointwise(stepName, k, packed, runs, in, out, relu));
        } else if (isPlannedDepthwise(c)) {
            DepthwiseConv3x3Kernel k = kernels.depthwise();
            float[] weight = c.weight(), bias = c.bias();
            FoldedShuffle folded = permutedDepthwise.get(n);
            if (folded != null) {
                // The input is in unshuffled order: unshuffled channel position[s] gets shuffled channel s's filter.
                int channels = c.outChannels(), taps = weight.length / channels;
                weight = new float[weight.length];
                bias = bias == null ? null : new float[channels];
                for (int s = 0; s < channels; s++) {
                    int ch = folded.position()[s];
                    System.arraycopy(c.weight(), s * taps, weight, ch * taps, taps);
                    if (bias != null) bias[ch] = c.bias()[s];
                }
            }
            steps.add(new Steps.Depthwise(name, k, k.pack(weight, bias, c.outChannels()), in, out,
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
        if (shufflesInWrite.contains(n)) {
            views.put(n.output(), in(n, 0)); // the conv before it already wrote the shuffled order
            return;
        }
        if (foldedShuffles.containsKey(n)) {
            views.put(n.output(), in(n, 0)); // its readers take the unshuffled tensor (see FoldedShuffle)
            return;
        }
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
