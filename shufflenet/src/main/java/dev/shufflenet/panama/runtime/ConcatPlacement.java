package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrite pass: where concats cost nothing.
 * <ul>
 *   <li>ShuffleNet v2's concat + channel shuffle(2) (+ the split after it, which is a view anyway) becomes one
 *       two-input ChannelShuffle node named "concat+shuffle" ({@link FusedNode.Fold#CONCAT_SHUFFLE_SPLIT}):
 *       one pass reads the two branch outputs and writes the shuffled tensor, whose halves the next unit
 *       reads as views. Needs a concat of two equal halves that only the shuffle reads.</li>
 *   <li>Every other concat lists the inputs whose producers write straight into their channel slice of its
 *       buffer ({@link FusedNode#writtenInPlace}): inputs that only the concat reads and that a step
 *       writes through a view it is given. The planner copies the rest.</li>
 * </ul>
 */
final class ConcatPlacement {
    private ConcatPlacement() {}

    static List<FusedNode> place(Graph graph, List<FusedNode> nodes, Map<Value, int[]> shapes) {
        NodeUses uses = new NodeUses(graph, nodes);
        List<FusedNode> out = new ArrayList<>(nodes);
        Set<Integer> fusedConcats = new HashSet<>();
        for (int i = 0; i < out.size(); i++) {
            FusedNode f = out.get(i);
            Node n = f.node();
            if (!(n.op() instanceof Op.ChannelShuffle s) || s.groups() != 2 || f.relu()) continue;
            int pi = uses.producer(n.input());
            if (pi < 0) continue;
            Node p = out.get(pi).node();
            if (p.op() instanceof Op.Concat && p.inputs().size() == 2 && uses.uses(n.input()) == 1
                    && shapes.get(p.inputs().get(0))[1] == shapes.get(p.inputs().get(1))[1]) {
                fusedConcats.add(pi);
                out.set(i, f.withFold(new Node(p.name() + "+" + n.name(), n.op(), p.inputs(), n.outputs()),
                        FusedNode.Fold.CONCAT_SHUFFLE_SPLIT, null, null));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            FusedNode f = out.get(i);
            if (!(f.node().op() instanceof Op.Concat) || fusedConcats.contains(i)) continue;
            List<Value> inPlace = new ArrayList<>();
            for (Value in : f.node().inputs()) {
                int pi = uses.producer(in);
                if (pi >= 0 && writesThroughGivenView(out.get(pi).node().op()) && uses.uses(in) == 1
                        && !inPlace.contains(in))
                    inPlace.add(in);
            }
            out.set(i, f.withWrittenInPlace(inPlace));
        }
        List<FusedNode> kept = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) if (!fusedConcats.contains(i)) kept.add(out.get(i));
        return kept;
    }

    /** Ops whose step writes its whole output through a view the planner gives it. */
    private static boolean writesThroughGivenView(Op op) {
        return op instanceof Op.Conv2d || op instanceof Op.MaxPool || op instanceof Op.AvgPool || op instanceof Op.Add
                || op instanceof Op.Relu || op instanceof Op.ChannelShuffle;
    }
}
