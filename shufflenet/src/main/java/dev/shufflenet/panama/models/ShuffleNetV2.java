package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * ShuffleNet v2 (Ma et al., 2018), built exactly as torchvision's {@code shufflenet_v2_x*} so that a
 * torchvision ONNX export and this builder give the same graph: conv1 3x3/2 + BN + ReLU, max pool 3x3/2,
 * three stages of 4, 8, 4 units (the first of each with stride 2), conv5 1x1, global mean, FC.
 *
 * <p>Unit with stride 1: split channels in halves; the second goes through 1x1 conv-BN-ReLU, 3x3
 * depthwise conv-BN (stride 1), 1x1 conv-BN-ReLU; concat with the first half; shuffle with 2 groups.
 * Unit with stride 2: both branches see the whole input; the left is 3x3 depthwise/2-BN, 1x1-BN-ReLU.
 */
public final class ShuffleNetV2 {
    private ShuffleNetV2() {}

    /** Widths and their stage output channels (paper Table 5; torchvision's stages_out_channels). */
    public enum Width {
        X0_5("0.5", 24, 48, 96, 192, 1024),
        X1_0("1.0", 24, 116, 232, 464, 1024),
        X1_5("1.5", 24, 176, 352, 704, 1024),
        X2_0("2.0", 24, 244, 488, 976, 2048);

        final String label;
        final int[] channels;

        Width(String label, int... channels) {
            this.label = label;
            this.channels = channels;
        }

        public String label() { return label; }

        public static Width of(String label) {
            for (Width w : values()) if (w.label.equals(label)) return w;
            throw new IllegalArgumentException("ShuffleNet v2 has widths 0.5, 1.0, 1.5, 2.0; found '" + label + "'");
        }
    }

    private static final int[] REPEATS = {4, 8, 4};

    public static Graph build(Width width, int numClasses, long seed) {
        GraphBuilder b = new GraphBuilder("shufflenet_v2_x" + width.label.replace('.', '_'), "input", 3);
        LayerFactory f = new LayerFactory(b, seed);
        int[] ch = width.channels;
        Value x = f.convBn("conv1", b.input(), 3, ch[0], 3, 2, 1, true);
        x = b.add("maxpool", Op.MaxPool.square(3, 2, 1), x);
        int in = ch[0];
        for (int stage = 0; stage < 3; stage++) {
            int out = ch[stage + 1];
            for (int unit = 0; unit < REPEATS[stage]; unit++) {
                String name = "stage" + (stage + 2) + "_" + unit;
                x = unit == 0 ? downsampleUnit(f, name, x, in, out) : basicUnit(f, name, x, out);
                in = out;
            }
        }
        x = f.convBn("conv5", x, in, ch[4], 1, 1, 1, true);
        x = b.add("globalpool", new Op.GlobalAvgPool(false), x);
        x = b.addNamed("fc", "logits", f.linear(numClasses, ch[4]), x);
        return b.build(x);
    }

    private static Value basicUnit(LayerFactory f, String name, Value x, int channels) {
        GraphBuilder b = f.builder();
        int half = channels / 2;
        Value left = b.add(name + "_split0", new Op.ChannelSlice(0, half), x);
        Value right = b.add(name + "_split1", new Op.ChannelSlice(half, channels), x);
        Value r = branch(f, name + "_b2", right, half, half, 1);
        return concatShuffle(b, name, left, r);
    }

    private static Value downsampleUnit(LayerFactory f, String name, Value x, int in, int out) {
        int half = out / 2;
        Value l = f.convBn(name + "_b1_dw", x, in, in, 3, 2, in, false);
        l = f.convBn(name + "_b1_pw", l, in, half, 1, 1, 1, true);
        Value r = branch(f, name + "_b2", x, in, half, 2);
        return concatShuffle(f.builder(), name, l, r);
    }

    /** 1x1-BN-ReLU, 3x3 depthwise-BN, 1x1-BN-ReLU. */
    private static Value branch(LayerFactory f, String name, Value x, int in, int half, int stride) {
        Value y = f.convBn(name + "_pw1", x, in, half, 1, 1, 1, true);
        y = f.convBn(name + "_dw", y, half, half, 3, stride, half, false);
        return f.convBn(name + "_pw2", y, half, half, 1, 1, 1, true);
    }

    private static Value concatShuffle(GraphBuilder b, String name, Value left, Value right) {
        Value c = b.add(name + "_concat", new Op.Concat(), left, right);
        return b.add(name + "_shuffle", new Op.ChannelShuffle(2), c);
    }
}
