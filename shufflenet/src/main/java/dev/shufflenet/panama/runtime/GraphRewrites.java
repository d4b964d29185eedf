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
 * The first rewrite pass, exact in real arithmetic: each BatchNormalization folded into the Conv before
 * it (the only place one is supported), then each ReLU fused into the Conv, Gemm (Linear), Add or
 * AveragePool whose output it alone reads, and each Clip(0, max) (ReLU6) into the Conv or Gemm whose
 * output it alone reads (the kernel's minmax epilogue). A folded BN changes results only by float rounding (w * s
 * computed once instead of (x*w)*s at run time).
 *
 * <p>The passes after it, in order: {@link ConcatPlacement} (concat + shuffle(2) + split, and concat
 * inputs written in place), then {@link ShufflePlacement} (where each g-group channel shuffle goes);
 * then the {@link Planner} maps the result to steps and the {@link MemoryPlanner} places the buffers.
 */
final class GraphRewrites {
    private GraphRewrites() {}

    static List<FusedNode> rewrite(Graph g) {
        Map<Value, Integer> uses = g.useCounts();
        List<Node> folded = new ArrayList<>();
        // Pass 1: fold BatchNorm into the Conv (or Linear) whose output only it reads.
        Map<Value, Node> producerOf = new HashMap<>();
        for (Node n : g.nodes()) {
            Node m = n;
            if (m.op() instanceof Op.BatchNorm bn) {
                Node p = producerOf.get(m.input());
                if (p != null && uses.getOrDefault(m.input(), 0) == 1 && p.op() instanceof Op.Conv2d c
                        && c.outChannels() == bn.channels()) {
                    Node fused = new Node(p.name(), foldIntoConv(c, bn), p.inputs(), m.outputs());
                    folded.set(folded.indexOf(p), fused);
                    producerOf.put(m.output(), fused);
                    continue;
                }
                throw new IllegalArgumentException("node " + m + ": a BatchNormalization is supported only right after"
                        + " a Conv whose output it alone reads; its input '" + m.input() + "' comes from "
                        + (p == null ? "the graph input" : p.toString()));
            }
            folded.add(m);
            for (Value v : m.outputs()) producerOf.put(v, m);
        }
        // Pass 2: fuse ReLU into Conv, Add and AveragePool when it alone reads their output.
        Map<Value, Integer> uses2 = new HashMap<>();
        for (Node n : folded) for (Value v : n.inputs()) uses2.merge(v, 1, Integer::sum);
        uses2.merge(g.output(), 1, Integer::sum);
        List<FusedNode> out = new ArrayList<>();
        Map<Value, Integer> index = new HashMap<>();
        for (Node n : folded) {
            if (n.op() instanceof Op.Relu) {
                Integer pi = index.get(n.input());
                if (pi != null && uses2.getOrDefault(n.input(), 0) == 1 && !out.get(pi).relu()
                        && fusable(out.get(pi).node().op())) {
                    Node p = out.get(pi).node();
                    Node fused = new Node(p.name() + "+relu", p.op(), p.inputs(), n.outputs());
                    out.set(pi, new FusedNode(fused, true));
                    index.put(n.output(), pi);
                    continue;
                }
            }
            // Clip(0, max) (MobileNet's ReLU6) goes into the epilogue of the conv or FC layer before it: ReLU
            // and the upper bound, which its kernel's minmax variant applies.
            if (n.op() instanceof Op.Clip clip && clip.min() == 0f && clip.max() < Float.POSITIVE_INFINITY) {
                Integer pi = index.get(n.input());
                if (pi != null && uses2.getOrDefault(n.input(), 0) == 1 && !out.get(pi).relu()
                        && (out.get(pi).node().op() instanceof Op.Conv2d || out.get(pi).node().op() instanceof Op.Linear)) {
                    Node p = out.get(pi).node();
                    String suffix = clip.max() == 6f ? "+relu6" : "+clip";
                    Node fused = new Node(p.name() + suffix, p.op(), p.inputs(), n.outputs());
                    out.set(pi, new FusedNode(fused, clip.max()));
                    index.put(n.output(), pi);
                    continue;
                }
            }
            for (Value v : n.outputs()) index.put(v, out.size());
            out.add(new FusedNode(n, false));
        }
        return out;
    }

    private static boolean fusable(Op op) {
        return op instanceof Op.Conv2d || op instanceof Op.Add || op instanceof Op.AvgPool || op instanceof Op.Linear;
    }

    /** w' = w * s, b' = (b - mean) * s + beta, with s = gamma / sqrt(var + eps); computed in double. */
    static Op.Conv2d foldIntoConv(Op.Conv2d c, Op.BatchNorm bn) {
        int m = c.outChannels();
        int perOut = c.weight().length / m;
        float[] w = new float[c.weight().length];
        float[] b = new float[m];
        for (int o = 0; o < m; o++) {
            double s = bn.scale()[o] / Math.sqrt((double) bn.variance()[o] + bn.epsilon());
            for (int i = 0; i < perOut; i++) w[o * perOut + i] = (float) (c.weight()[o * perOut + i] * s);
            double bias = c.bias() == null ? 0.0 : c.bias()[o];
            b[o] = (float) ((bias - bn.mean()[o]) * s + bn.bias()[o]);
        }
        return new Op.Conv2d(c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                c.padTop(), c.padLeft(), c.padBottom(), c.padRight(), c.groups(), w, b);
    }
}
