package dev.shufflenet.panama.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapes of every value for one input shape [N, C, H, W]. Feature maps are rank 4 (NCHW), features
 * after pooling or flattening rank 2 ([N, C]). Every mismatch is an exception naming the node and the
 * expected and found shapes.
 */
public final class ShapeInference {
    private ShapeInference() {}

    public static Map<Value, int[]> infer(Graph g, int n, int h, int w) {
        if (n <= 0 || h <= 0 || w <= 0)
            throw new IllegalArgumentException("input shape must be positive, found N=" + n + " H=" + h + " W=" + w);
        Map<Value, int[]> shapes = new HashMap<>();
        shapes.put(g.input(), new int[] {n, g.inputChannels(), h, w});
        for (Node node : g.nodes()) {
            List<Value> in = node.inputs();
            int[] x = shapes.get(in.get(0));
            int[] y = switch (node.op()) {
                case Op.Conv2d c -> {
                    need4(node, x);
                    if (x[1] != c.inChannels()) throw mismatch(node, "input channels " + c.inChannels(), x);
                    int oh = outSize(node, x[2], c.kernelH(), c.strideH(), c.padTop(), c.padBottom());
                    int ow = outSize(node, x[3], c.kernelW(), c.strideW(), c.padLeft(), c.padRight());
                    yield new int[] {x[0], c.outChannels(), oh, ow};
                }
                case Op.BatchNorm b -> {
                    if (x.length < 2 || x[1] != b.channels()) throw mismatch(node, "channels " + b.channels(), x);
                    yield x.clone();
                }
                case Op.Relu r -> x.clone();
                case Op.Clip c -> x.clone();
                case Op.MaxPool p -> {
                    need4(node, x);
                    yield new int[] {x[0], x[1], outSize(node, x[2], p.kernelH(), p.strideH(), p.padTop(), p.padBottom()),
                            outSize(node, x[3], p.kernelW(), p.strideW(), p.padLeft(), p.padRight())};
                }
                case Op.AvgPool p -> {
                    need4(node, x);
                    yield new int[] {x[0], x[1], outSize(node, x[2], p.kernelH(), p.strideH(), p.padTop(), p.padBottom()),
                            outSize(node, x[3], p.kernelW(), p.strideW(), p.padLeft(), p.padRight())};
                }
                case Op.GlobalAvgPool p -> {
                    need4(node, x);
                    yield p.keepDims() ? new int[] {x[0], x[1], 1, 1} : new int[] {x[0], x[1]};
                }
                case Op.Flatten f -> {
                    if (x.length == 2) yield x.clone();
                    need4(node, x);
                    yield new int[] {x[0], x[1] * x[2] * x[3]};
                }
                case Op.Concat c -> {
                    int[] out = x.clone();
                    int channels = 0;
                    for (Value v : in) {
                        int[] s = shapes.get(v);
                        if (s.length != x.length || s[0] != x[0] || (s.length == 4 && (s[2] != x[2] || s[3] != x[3])))
                            throw new IllegalArgumentException("node " + node + ": Concat inputs differ beyond channels: "
                                    + Arrays.toString(x) + " and " + Arrays.toString(s) + " ('" + v + "')");
                        channels += s[1];
                    }
                    out[1] = channels;
                    yield out;
                }
                case Op.ChannelSlice s -> {
                    if (s.end() > x[1]) throw mismatch(node, "at least " + s.end() + " channels", x);
                    int[] out = x.clone();
                    out[1] = s.end() - s.start();
                    yield out;
                }
                case Op.ChannelShuffle s -> {
                    if (x[1] % s.groups() != 0) throw mismatch(node, "channels divisible by " + s.groups(), x);
                    yield x.clone();
                }
                case Op.Add a -> {
                    int[] other = shapes.get(in.get(1));
                    if (!Arrays.equals(x, other))
                        throw new IllegalArgumentException("node " + node + ": Add of different shapes "
                                + Arrays.toString(x) + " and " + Arrays.toString(other));
                    yield x.clone();
                }
                case Op.Linear l -> {
                    if (x.length != 2 || x[1] != l.inFeatures()) throw mismatch(node, "[N, " + l.inFeatures() + "]", x);
                    yield new int[] {x[0], l.outFeatures()};
                }
                case Op.Softmax s -> {
                    if (x.length != 2) throw mismatch(node, "rank 2", x);
                    yield x.clone();
                }
            };
            for (Value v : node.outputs()) shapes.put(v, y);
        }
        return shapes;
    }

    private static int outSize(Node node, int in, int k, int s, int padA, int padB) {
        int padded = in + padA + padB;
        if (padded < k)
            throw new IllegalArgumentException("node " + node + ": input extent " + in + " with pads " + padA + "+" + padB
                    + " is smaller than the kernel " + k);
        return (padded - k) / s + 1;
    }

    private static void need4(Node node, int[] x) {
        if (x.length != 4) throw mismatch(node, "a rank-4 NCHW tensor", x);
    }

    private static IllegalArgumentException mismatch(Node node, String expected, int[] found) {
        return new IllegalArgumentException("node " + node + ": expected " + expected + ", found shape "
                + Arrays.toString(found));
    }
}
