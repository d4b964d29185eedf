package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rewrite pass: where each g-group channel shuffle of ShuffleNet v1 goes, in order of preference.
 * <ol>
 *   <li>Folded into the write of the conv before it, when that is an ungrouped 1x1 conv read only by the
 *       shuffle (stage 2's first unit): its weight rows (and biases) are permuted, so it writes the shuffled
 *       order; the shuffle node is gone and the conv is named "conv+shuffle"
 *       ({@link FusedNode.Fold#SHUFFLED_WRITE}).</li>
 *   <li>Left as a pass where the shuffle kernel has a vectorised one for the shape
 *       ({@link ChannelShuffleKernel#isVectorized}).</li>
 *   <li>Folded into the read of the conv after it: when the shuffle's only reader is a 1x1 conv, or a 3x3
 *       depthwise conv whose only reader is a 1x1 conv, and the GEMM chosen for that 1x1 conv reads channel
 *       runs ({@link PointwiseConvKernel#readsChannelRuns}). The tensor stays unshuffled; the depthwise conv
 *       gets its filters permuted (it works per channel; {@link FusedNode.Fold#PERMUTED_FILTERS}); the 1x1
 *       conv, named "shuffle+conv", reads each group's shuffled channels through {@link ChannelRuns}, with
 *       its weight columns reordered to match ({@link FusedNode.Fold#SHUFFLED_READ}).
 *       {@code ChannelRunsGemmBenchmark} put the folded read between a vectorised pass (faster) and a
 *       scalar one (slower), hence the order.</li>
 *   <li>Otherwise left as a (scalar) pass.</li>
 * </ol>
 * A node takes part in one fold at most; a shuffle whose conv already took part in another one stays a
 * pass (no ShuffleNet has such a pair).
 */
final class ShufflePlacement {
    private ShufflePlacement() {}

    static List<FusedNode> place(Graph graph, List<FusedNode> nodes, Map<Value, int[]> shapes,
                                 ChannelShuffleKernel shuffleKernel, PointwiseSelector pointwise) {
        NodeUses uses = new NodeUses(graph, nodes);
        List<FusedNode> out = new ArrayList<>(nodes);
        for (int si = 0; si < out.size(); si++) {
            FusedNode f = out.get(si);
            if (f == null || f.fold() != FusedNode.Fold.NONE || f.relu()) continue;
            Node shuffle = f.node();
            if (!(shuffle.op() instanceof Op.ChannelShuffle s) || shuffle.inputs().size() != 1) continue;
            int channels = shapes.get(shuffle.input())[1];
            int[] position = positions(channels, s.groups());

            int pi = uses.producer(shuffle.input());
            FusedNode producer = pi < 0 ? null : out.get(pi);
            if (producer != null && producer.fold() == FusedNode.Fold.NONE
                    && producer.node().op() instanceof Op.Conv2d pc && pc.isPointwise() && pc.groups() == 1
                    && uses.singleReader(shuffle.input())) {
                Node p = producer.node();
                out.set(pi, producer.withFold(new Node(p.name() + "+" + shuffle.name(), permuteRows(pc, position),
                        p.inputs(), shuffle.outputs()), FusedNode.Fold.SHUFFLED_WRITE, null, null));
                out.set(si, null);
                uses.moveProducer(shuffle.output(), pi);
                continue;
            }
            if (shuffleKernel.isVectorized(channels, s.groups())) continue;
            if (!uses.singleReader(shuffle.output())) continue;
            int ri = uses.reader(shuffle.output());
            int di = -1;
            if (out.get(ri).node().op() instanceof Op.Conv2d c && Planner.isDepthwise3x3(c)) {
                di = ri;
                if (!uses.singleReader(out.get(di).node().output())) continue;
                ri = uses.reader(out.get(di).node().output());
            }
            FusedNode reader = out.get(ri);
            if (reader.fold() != FusedNode.Fold.NONE || (di >= 0 && out.get(di).fold() != FusedNode.Fold.NONE))
                continue;
            if (!(reader.node().op() instanceof Op.Conv2d c) || !c.isPointwise()) continue;
            int[] outShape = shapes.get(reader.node().output());
            PointwiseConvKernel k = pointwise.choose(reader.node().name(), c.outChannels() / c.groups(),
                    c.inChannels() / c.groups(), outShape[2] * outShape[3], c.groups());
            if (!k.readsChannelRuns()) continue;

            Node r = reader.node();
            if (di >= 0) {
                FusedNode dw = out.get(di);
                Node d = dw.node();
                out.set(di, dw.withFold(new Node(d.name(), permuteFilters((Op.Conv2d) d.op(), position),
                        List.of(shuffle.input()), d.outputs()), FusedNode.Fold.PERMUTED_FILTERS, null, null));
                uses.moveReader(shuffle.input(), di);
            } else {
                r = new Node(r.name(), r.op(), List.of(shuffle.input()), r.outputs());
                uses.moveReader(shuffle.input(), ri);
            }
            ChannelRuns[] runs = new ChannelRuns[c.groups()];
            Op.Conv2d reordered = readThroughRuns(c, position, runs);
            out.set(ri, reader.withFold(new Node(shuffle.name() + "+" + r.name(), reordered, r.inputs(), r.outputs()),
                    FusedNode.Fold.SHUFFLED_READ, runs, k));
            out.set(si, null);
        }
        List<FusedNode> kept = new ArrayList<>();
        for (FusedNode f : out) if (f != null) kept.add(f);
        return kept;
    }

    /** {@code position[s]}: where shuffled channel s lies in the shuffle's (unshuffled) input. */
    static int[] positions(int channels, int groups) {
        int perGroup = channels / groups;
        int[] position = new int[channels];
        for (int ch = 0; ch < channels; ch++) position[ch] = (ch % groups) * perGroup + ch / groups;
        return position;
    }

    /** An ungrouped 1x1 conv whose output channel s computes old channel position[s]: it writes the shuffled order. */
    static Op.Conv2d permuteRows(Op.Conv2d c, int[] position) {
        int kg = c.inChannels();
        float[] weight = new float[c.weight().length];
        float[] bias = c.bias() == null ? null : new float[c.bias().length];
        for (int r = 0; r < position.length; r++) {
            System.arraycopy(c.weight(), position[r] * kg, weight, r * kg, kg);
            if (bias != null) bias[r] = c.bias()[position[r]];
        }
        return withWeights(c, weight, bias);
    }

    /** A depthwise conv run in unshuffled order: unshuffled channel position[s] gets shuffled channel s's filter. */
    static Op.Conv2d permuteFilters(Op.Conv2d c, int[] position) {
        int channels = c.outChannels(), taps = c.weight().length / channels;
        float[] weight = new float[c.weight().length];
        float[] bias = c.bias() == null ? null : new float[channels];
        for (int s = 0; s < channels; s++) {
            int ch = position[s];
            System.arraycopy(c.weight(), s * taps, weight, ch * taps, taps);
            if (bias != null) bias[ch] = c.bias()[s];
        }
        return withWeights(c, weight, bias);
    }

    /**
     * A grouped 1x1 conv that reads the unshuffled tensor: group i reads shuffled channels [i*kg, (i+1)*kg),
     * which lie at position[] unshuffled; fills runs[i] with them and returns the conv with each group's weight
     * columns in the runs' order.
     */
    static Op.Conv2d readThroughRuns(Op.Conv2d c, int[] position, ChannelRuns[] runs) {
        int g = c.groups(), mg = c.outChannels() / g, kg = c.inChannels() / g;
        float[] weight = new float[c.weight().length];
        for (int i = 0; i < g; i++) {
            ChannelRuns.Sorted sorted = ChannelRuns.sortedFrom(Arrays.copyOfRange(position, i * kg, (i + 1) * kg));
            runs[i] = sorted.runs();
            float[] w = sorted.reorderColumns(Arrays.copyOfRange(c.weight(), i * mg * kg, (i + 1) * mg * kg), mg);
            System.arraycopy(w, 0, weight, i * mg * kg, mg * kg);
        }
        return withWeights(c, weight, c.bias());
    }

    private static Op.Conv2d withWeights(Op.Conv2d c, float[] weight, float[] bias) {
        return new Op.Conv2d(c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                c.padTop(), c.padLeft(), c.padBottom(), c.padRight(), c.groups(), weight, bias);
    }
}
