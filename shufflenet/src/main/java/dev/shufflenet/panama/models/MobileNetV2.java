package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * MobileNet v2 1.0-224 (Sandler et al., 2018, Table 2), built as torchvision's {@code mobilenet_v2}: the
 * network ShuffleNet v2's Table 8 compares against (300 M multiply-adds). A 3x3 stride-2 conv-BN-ReLU6 to
 * 32 channels, 17 inverted residual blocks, a 1x1 conv-BN-ReLU6 to 1280, global average pool, FC (the
 * dropout before it is the identity at inference).
 *
 * <p>Inverted residual block (expansion t, output c, stride s): 1x1 conv-BN-ReLU6 to t x in channels (left
 * out where t = 1), 3x3 depthwise conv-BN-ReLU6 with stride s, 1x1 conv-BN with no activation (the linear
 * bottleneck); where s = 1 and in = c, the block's input is added to its output (no activation after it).
 */
public final class MobileNetV2 {
    private MobileNetV2() {}

    /** Expansion t, output channels c, repeats n, first stride s of each sequence (paper Table 2). */
    private static final int[][] SEQUENCES = {
            {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private static final int STEM = 32, LAST = 1280;

    public static Graph build(int numClasses, long seed) {
        GraphBuilder b = new GraphBuilder("mobilenet_v2_1_0", "input", 3);
        LayerFactory f = new LayerFactory(b, seed);
        Value x = f.convBnRelu6("conv1", b.input(), 3, STEM, 3, 2, 1);
        int in = STEM, block = 0;
        for (int[] seq : SEQUENCES) {
            int t = seq[0], c = seq[1], n = seq[2], s = seq[3];
            for (int i = 0; i < n; i++) {
                x = invertedResidual(f, "block" + (++block), x, in, c, i == 0 ? s : 1, t);
                in = c;
            }
        }
        x = f.convBnRelu6("conv_last", x, in, LAST, 1, 1, 1);
        x = b.add("globalpool", new Op.GlobalAvgPool(false), x);
        x = b.addNamed("fc", "logits", f.linear(numClasses, LAST), x);
        return b.build(x);
    }

    private static Value invertedResidual(LayerFactory f, String name, Value x, int in, int out, int stride,
                                          int expansion) {
        int hidden = in * expansion;
        Value y = expansion == 1 ? x : f.convBnRelu6(name + "_expand", x, in, hidden, 1, 1, 1);
        y = f.convBnRelu6(name + "_dw", y, hidden, hidden, 3, stride, hidden);
        y = f.convBn(name + "_project", y, hidden, out, 1, 1, 1, false);
        return stride == 1 && in == out ? f.builder().add(name + "_add", new Op.Add(), x, y) : y;
    }
}
