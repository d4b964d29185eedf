package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * ShuffleNet v1 (Zhang et al., 2017), Table 1: conv1 3x3/2 + BN + ReLU, max pool 3x3/2, stages of 4, 8,
 * 4 units (the first of each with stride 2), global pool, FC.
 *
 * <p>Unit, stride 1: x + [1x1 group conv-BN-ReLU, channel shuffle(g), 3x3 depthwise-BN, 1x1 group
 * conv-BN], then ReLU. Stride 2: concat(3x3/2 average pool of x, the same branch with a stride-2
 * depthwise conv producing out - in channels), then ReLU. The bottleneck has a quarter of the unit's
 * output channels; the first 1x1 conv of stage 2 is not grouped (its input has only 24 channels).
 *
 * <p>Channels per stage at 1x follow Table 1 (g = 1, 2, 3, 4, 8: 144, 200, 240, 272, 384 for stage 2,
 * doubling per stage); a width s multiplies them, rounded to a multiple of 4g so that the bottleneck
 * splits into g equal groups. conv1 has 24 channels at 1x and 1.5x, 48 at 2x and 12 below 1x (as in the
 * authors' released models), raised where needed so that stage 2's first unit's branch (out - 24)
 * divides by g.
 */
public final class ShuffleNetV1 {
    private ShuffleNetV1() {}

    public static final int[] GROUPS = {1, 2, 3, 4, 8};
    public static final String[] WIDTHS = {"0.25", "0.5", "1.0", "1.5", "2.0"};

    private static final int[] REPEATS = {4, 8, 4};

    /** Stage 2 output channels at 1x, from Table 1. */
    static int stage2Channels(int groups) {
        return switch (groups) {
            case 1 -> 144;
            case 2 -> 200;
            case 3 -> 240;
            case 4 -> 272;
            case 8 -> 384;
            default -> throw new IllegalArgumentException("ShuffleNet v1 has groups 1, 2, 3, 4, 8; found " + groups);
        };
    }

    /** [conv1, stage2, stage3, stage4] output channels. */
    public static int[] channels(int groups, double width) {
        if (width <= 0) throw new IllegalArgumentException("width must be positive, found " + width);
        int quantum = 4 * groups;
        int s2 = Math.max(quantum, (int) Math.round(stage2Channels(groups) * width / quantum) * quantum);
        int conv1 = width >= 2.0 ? 48 : width >= 1.0 ? 24 : 12;
        while ((s2 - conv1) % groups != 0 || (s2 / 4) % groups != 0) conv1++;
        return new int[] {conv1, s2, 2 * s2, 4 * s2};
    }

    public static Graph build(int groups, String width, int numClasses, long seed) {
        double s = parseWidth(width);
        int[] ch = channels(groups, s);
        GraphBuilder b = new GraphBuilder("shufflenet_v1_g" + groups + "_x" + width.replace('.', '_'), "input", 3);
        LayerFactory f = new LayerFactory(b, seed);
        Value x = f.convBn("conv1", b.input(), 3, ch[0], 3, 2, 1, true);
        x = b.add("maxpool", Op.MaxPool.square(3, 2, 1), x);
        int in = ch[0];
        for (int stage = 0; stage < 3; stage++) {
            int out = ch[stage + 1];
            for (int unit = 0; unit < REPEATS[stage]; unit++) {
                String name = "stage" + (stage + 2) + "_" + unit;
                boolean firstGroupUngrouped = stage == 0 && unit == 0;
                x = unit == 0 ? downsampleUnit(f, name, x, in, out, groups, firstGroupUngrouped)
                        : residualUnit(f, name, x, out, groups);
                in = out;
            }
        }
        x = b.add("globalpool", new Op.GlobalAvgPool(false), x);
        x = b.addNamed("fc", "logits", f.linear(numClasses, in), x);
        return b.build(x);
    }

    static double parseWidth(String width) {
        for (String w : WIDTHS) if (w.equals(width)) return Double.parseDouble(w);
        throw new IllegalArgumentException("ShuffleNet v1 widths are 0.25, 0.5, 1.0, 1.5, 2.0; found '" + width + "'");
    }

    private static Value residualUnit(LayerFactory f, String name, Value x, int channels, int groups) {
        Value y = branch(f, name, x, channels, channels, channels / 4, groups, groups, 1);
        Value sum = f.builder().add(name + "_add", new Op.Add(), x, y);
        return f.builder().add(name + "_relu", new Op.Relu(), sum);
    }

    private static Value downsampleUnit(LayerFactory f, String name, Value x, int in, int out, int groups,
                                        boolean firstUngrouped) {
        GraphBuilder b = f.builder();
        Value shortcut = b.add(name + "_avgpool", Op.AvgPool.square(3, 2, 1, true), x);
        Value y = branch(f, name, x, in, out - in, out / 4, firstUngrouped ? 1 : groups, groups, 2);
        y = b.add(name + "_relu", new Op.Relu(), y);
        return b.add(name + "_concat", new Op.Concat(), shortcut, y);
    }

    /** 1x1 group conv-BN-ReLU, shuffle, 3x3 depthwise-BN (stride), 1x1 group conv-BN. */
    private static Value branch(LayerFactory f, String name, Value x, int in, int out, int mid, int firstGroups,
                                int groups, int stride) {
        Value y = f.convBn(name + "_gconv1", x, in, mid, 1, 1, firstGroups, true);
        if (groups > 1) y = f.builder().add(name + "_shuffle", new Op.ChannelShuffle(groups), y);
        y = f.convBn(name + "_dw", y, mid, mid, 3, stride, mid, false);
        return f.convBn(name + "_gconv2", y, mid, out, 1, 1, groups, false);
    }
}
