package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * MobileNet v1 1.0-224 (Howard et al., 2017, Table 1): the network ShuffleNet v1's Table 8 compares against
 * ("1.0 MobileNet-224", 569 M multiply-adds). A 3x3 stride-2 conv to 32 channels, then 13 depthwise
 * separable layers (3x3 depthwise conv-BN-ReLU6, 1x1 conv-BN-ReLU6), global average pool, FC.
 *
 * <p>The activation is ReLU6, as in the reference implementations (TensorFlow's mobilenet_v1 and Keras'
 * MobileNet, which the paper's released checkpoints come from); the paper's text says ReLU, which costs the
 * same. The paper's 7x7 average pool is the global pool at 224 x 224 (and keeps the net valid at other sizes).
 */
public final class MobileNetV1 {
    private MobileNetV1() {}

    /** Output channels and stride of the 13 depthwise separable layers (paper Table 1). */
    private static final int[][] SEPARABLE = {
            {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    /** Channels of the first conv. */
    private static final int STEM = 32;

    public static Graph build(int numClasses, long seed) {
        GraphBuilder b = new GraphBuilder("mobilenet_v1_1_0", "input", 3);
        LayerFactory f = new LayerFactory(b, seed);
        Value x = f.convBnRelu6("conv1", b.input(), 3, STEM, 3, 2, 1);
        int in = STEM;
        for (int i = 0; i < SEPARABLE.length; i++) {
            int out = SEPARABLE[i][0], stride = SEPARABLE[i][1];
            String name = "conv" + (i + 2);
            x = f.convBnRelu6(name + "_dw", x, in, in, 3, stride, in);
            x = f.convBnRelu6(name + "_pw", x, in, out, 1, 1, 1);
            in = out;
        }
        x = b.add("globalpool", new Op.GlobalAvgPool(false), x);
        x = b.addNamed("fc", "logits", f.linear(numClasses, in), x);
        return b.build(x);
    }
}
