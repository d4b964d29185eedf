package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrite pass, after {@link ConcatPlacement}: a ReLU after a concat goes into the concat's producers, as
 * ShuffleNet v1's stride-2 unit has it in the paper (out = ReLU(concat(AvgPool3x3s2(x), branch)), the form
 * of exported v1 models; the built-in models put the ReLU on the branch before the concat, which
 * {@link GraphRewrites} already fuses). Each producer writes its channel slice of the concat in place
 * ({@link FusedNode#writtenInPlace}) with ReLU in its own epilogue (the average pool's, the 1x1 conv's), so
 * the concatenated tensor is written once and never read back by a ReLU pass. Exact: ReLU works per element.
 *
 * <p>Conditions: the ReLU is the only reader of the concat's value (which is not the graph output); every
 * concat input is written in place by a conv, an average pool or an add (the ops whose steps apply ReLU)
 * that only the concat reads. A producer that already
 * has its ReLU keeps it (ReLU twice is ReLU).
 */
final class ConcatReluPlacement {
    private ConcatReluPlacement() {}

    static List<FusedNode> place(Graph graph, List<FusedNode> nodes) {
        NodeUses uses = new NodeUses(graph, nodes);
        List<FusedNode> out = new ArrayList<>(nodes);
        for (int ri = 0; ri < out.size(); ri++) {
            FusedNode relu = out.get(ri);
            if (relu == null || !(relu.node().op() instanceof Op.Relu) || relu.fold() != FusedNode.Fold.NONE) continue;
            Value joined = relu.node().input();
            int ci = uses.producer(joined);
            if (ci < 0 || !uses.singleReader(joined)) continue;
            FusedNode concat = out.get(ci);
            Node c = concat.node();
            if (!(c.op() instanceof Op.Concat) || !concat.writtenInPlace().containsAll(c.inputs())) continue;
            boolean all = true;
            for (Value in : c.inputs()) {
                int pi = uses.producer(in);
                all &= pi >= 0 && uses.singleReader(in) && appliesRelu(out.get(pi).node().op());
            }
            if (!all) continue;
            for (Value in : c.inputs()) {
                int pi = uses.producer(in);
                FusedNode p = out.get(pi);
                if (p.relu()) continue;
                Node n = p.node();
                out.set(pi, new FusedNode(new Node(n.name() + "+relu", n.op(), n.inputs(), n.outputs()), true,
                        p.fold(), p.channelRuns(), p.gemm(), p.writtenInPlace(), p.clampMax()));
            }
            out.set(ci, concat.withNode(new Node(c.name() + "+" + relu.node().name(), c.op(), c.inputs(),
                    relu.node().outputs())));
            out.set(ri, null);
        }
        List<FusedNode> kept = new ArrayList<>();
        for (FusedNode f : out) if (f != null) kept.add(f);
        return kept;
    }

    /** Ops whose steps take a ReLU flag: every conv step, the average pool, the add. */
    private static boolean appliesRelu(Op op) {
        return op instanceof Op.Conv2d || op instanceof Op.AvgPool || op instanceof Op.Add;
    }
}
