package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rewrite pass, after {@link ShufflePlacement}: a residual add + ReLU joins the 1x1 conv that produces one
 * of its inputs, as ShuffleNet v1's stride-1 unit has it: out = relu(x + GConv1x1(DW(...))). The conv node
 * takes the add's output and name ("gconv2+add+relu"), its input list becomes [conv input, residual], and
 * it carries the add's ReLU; the Add node is gone. The {@link Planner} maps such a two-input 1x1 conv to
 * one {@link Step.PointwiseAddRelu} when its GEMM has the residual epilogue
 * ({@link dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel#addsResidual}), and otherwise back to the
 * conv and an Add step, so every backend gives the result it gave before (the same bits: the epilogue adds
 * the value the conv would have stored).
 *
 * <p>Conditions: the Add has a fused ReLU and two distinct inputs of one shape; the branch input comes from
 * a 1x1 conv (grouped or not, its read folded or not) with no activation of its own, read by the add alone;
 * the residual is computed before that conv (the fused step runs where the conv ran). The branch is tried
 * as the second input first (the models' order: x + branch), then as the first.
 *
 * <p>Runs after {@link ShufflePlacement} because that pass rebuilds a reader conv's input list (a shuffle
 * folded into its read), and before it the residual would be lost.
 */
final class ResidualPlacement {
    private ResidualPlacement() {}

    static List<FusedNode> place(Graph graph, List<FusedNode> nodes, Map<Value, int[]> shapes) {
        NodeUses uses = new NodeUses(graph, nodes);
        List<FusedNode> out = new ArrayList<>(nodes);
        for (int ai = 0; ai < out.size(); ai++) {
            FusedNode add = out.get(ai);
            if (add == null) continue;
            Node a = add.node();
            if (!(a.op() instanceof Op.Add) || !add.relu() || add.fold() != FusedNode.Fold.NONE
                    || a.inputs().size() != 2 || a.inputs().get(0).equals(a.inputs().get(1)))
                continue;
            for (int side : new int[] {1, 0}) {
                Value branch = a.inputs().get(side), residual = a.inputs().get(1 - side);
                int ci = uses.producer(branch);
                if (ci < 0 || out.get(ci) == null || uses.producer(residual) >= ci || !uses.singleReader(branch))
                    continue;
                FusedNode conv = out.get(ci);
                Node c = conv.node();
                boolean plainOrFoldedRead = conv.fold() == FusedNode.Fold.NONE
                        || conv.fold() == FusedNode.Fold.SHUFFLED_READ;
                if (!(c.op() instanceof Op.Conv2d op) || !op.isPointwise() || conv.relu() || !plainOrFoldedRead
                        || c.inputs().size() != 1 || !Arrays.equals(shapes.get(branch), shapes.get(residual)))
                    continue;
                Node fused = new Node(c.name() + "+" + a.name(), op, List.of(c.input(), residual), a.outputs());
                out.set(ci, new FusedNode(fused, true, conv.fold(), conv.channelRuns(), conv.gemm(),
                        conv.writtenInPlace(), conv.clampMax()));
                out.set(ai, null);
                break;
            }
        }
        List<FusedNode> kept = new ArrayList<>();
        for (FusedNode f : out) if (f != null) kept.add(f);
        return kept;
    }

    /** Whether a rewritten node is a 1x1 conv that carries a residual add + ReLU (this pass made it). */
    static boolean addsResidual(FusedNode f) {
        return f.node().op() instanceof Op.Conv2d c && c.isPointwise() && f.node().inputs().size() == 2;
    }
}
