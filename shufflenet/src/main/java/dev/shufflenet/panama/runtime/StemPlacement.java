package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stem fold, after {@link GraphRewrites} (so a ReLU is already fused into its conv): a dense 3x3
 * stride-2 Conv with padding 1 on the graph input, whose output only a 3x3 stride-2 MaxPool with padding 1
 * reads, becomes one node ("conv1+relu+maxpool", {@link FusedNode.Fold#STEM_POOL}) that the planner maps to
 * the fused stem kernel: it reads the caller's NCHW input itself, so the plan has no input layout step and
 * no conv output buffer. ShuffleNet v1 and v2 (torchvision's and this library's) have that stem; any other
 * keeps the layout, conv and pool steps.
 *
 * <p>{@code -Dshufflenet.stem=separate} keeps the separate steps for every graph (to compare the two;
 * read when a model is compiled); {@code fused}, the default, folds where the pattern holds.
 */
final class StemPlacement {
    static final String PROPERTY = "shufflenet.stem";

    private StemPlacement() {}

    /** Whether models compiled now fold the stem: the property's value, checked. */
    static boolean enabled() {
        String v = System.getProperty(PROPERTY, "fused");
        return switch (v) {
            case "fused" -> true;
            case "separate" -> false;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be 'fused' or 'separate', found '"
                    + v + "'");
        };
    }

    static List<FusedNode> place(Graph graph, List<FusedNode> nodes) {
        if (!enabled()) return nodes;
        Map<Value, Integer> uses = new HashMap<>();
        for (FusedNode f : nodes) for (Value v : f.node().inputs()) uses.merge(v, 1, Integer::sum);
        uses.merge(graph.output(), 1, Integer::sum);
        Map<Value, Integer> readerOf = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) for (Value v : nodes.get(i).node().inputs()) readerOf.put(v, i);
        for (int i = 0; i < nodes.size(); i++) {
            FusedNode f = nodes.get(i);
            Node conv = f.node();
            if (f.fold() != FusedNode.Fold.NONE || !(conv.op() instanceof Op.Conv2d c) || !isStemConv(c)
                    || conv.inputs().size() != 1 || !conv.input().equals(graph.input())
                    || uses.getOrDefault(graph.input(), 0) != 1 || conv.outputs().size() != 1
                    || uses.getOrDefault(conv.output(), 0) != 1) continue;
            Integer pi = readerOf.get(conv.output());
            if (pi == null) continue;
            FusedNode pf = nodes.get(pi);
            Node pool = pf.node();
            if (pf.fold() != FusedNode.Fold.NONE || pf.relu() || !(pool.op() instanceof Op.MaxPool p) || !isStemPool(p))
                continue;
            Node fused = new Node(conv.name() + "+" + pool.name(), c, conv.inputs(), pool.outputs());
            List<FusedNode> out = new ArrayList<>(nodes);
            // The pool's one input is the conv's output, so the fused node may stand where the conv stood.
            out.set(i, f.withFold(fused, FusedNode.Fold.STEM_POOL, null, null));
            out.remove((int) pi);
            return out;
        }
        return nodes;
    }

    static boolean isStemConv(Op.Conv2d c) {
        return c.groups() == 1 && c.kernelH() == 3 && c.kernelW() == 3 && c.strideH() == 2 && c.strideW() == 2
                && c.padTop() == 1 && c.padLeft() == 1 && c.padBottom() == 1 && c.padRight() == 1;
    }

    static boolean isStemPool(Op.MaxPool p) {
        return p.kernelH() == 3 && p.kernelW() == 3 && p.strideH() == 2 && p.strideW() == 2
                && p.padTop() == 1 && p.padLeft() == 1 && p.padBottom() == 1 && p.padRight() == 1;
    }
}
