package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark networks of ShuffleNet v2's four guidelines (Ma et al., 2018, section 2 and the appendix figure),
 * each 10 blocks at 56 x 56, one network per table cell. Where a guideline holds FLOPs fixed, the variants'
 * channel counts are the paper's (its ARM column) or, where the paper's would not make a valid conv, the
 * nearest that does; {@code GuidelineNetworksTest} pins the resulting multiply-add spread of each table.
 */
public final class GuidelineNetworks {
    private GuidelineNetworks() {}

    static final long SEED = 20180730L;

    /** Width multipliers of Tables 1 and 2. */
    public static final List<Integer> WIDTHS = List.of(1, 2, 4);

    /** G1 (Table 1) rows: c1:c2 and the paper's x1 channel pair (c1, c2) for its ARM column. */
    public static final List<String> G1_RATIOS = List.of("1:1", "1:2", "1:6", "1:12");
    static final int[][] G1_PAIRS = {{32, 32}, {22, 44}, {13, 78}, {9, 108}};

    /**
     * G2 (Table 2) rows: groups and x1 channels. The paper's ARM column has c = 180 at g = 8, which 8 does
     * not divide; 184 is the nearest multiple of 8 (3.3% more multiply-adds than c = 64 at g = 1). At x2 and x4
     * the paper's 360 and 720 divide, and are used.
     */
    public static final List<Integer> G2_GROUPS = List.of(1, 2, 4, 8);
    static final int[] G2_CHANNELS = {64, 90, 128, 180};

    /** G3 (Table 3) rows and columns (c of the 1-fragment block). */
    public static final List<String> G3_FRAGMENTS = List.of("1-fragment", "2-fragment-series", "4-fragment-series",
            "2-fragment-parallel", "4-fragment-parallel");
    public static final List<Integer> G3_CHANNELS = List.of(64, 128, 256);

    /** G4 (Table 4) columns. */
    public static final List<Integer> G4_CHANNELS = List.of(32, 64, 128);

    /** Every network of the four tables, in table, row, column order. */
    public static List<GuidelineNet> all() {
        List<GuidelineNet> nets = new ArrayList<>();
        nets.addAll(g1());
        nets.addAll(g2());
        nets.addAll(g3());
        nets.addAll(g4());
        return List.copyOf(nets);
    }

    /** G1: "equal channel width minimizes memory access cost": blocks of 1x1 c1 -> c2 -> c1, ReLU after each. */
    public static List<GuidelineNet> g1() {
        List<GuidelineNet> nets = new ArrayList<>();
        for (int r = 0; r < G1_RATIOS.size(); r++)
            for (int width : WIDTHS) nets.add(g1(G1_RATIOS.get(r), width));
        return nets;
    }

    public static GuidelineNet g1(String ratio, int width) {
        int r = indexOf(G1_RATIOS, ratio, "G1 ratio");
        int c1 = G1_PAIRS[r][0] * width, c2 = G1_PAIRS[r][1] * width;
        String name = "g1_" + ratio.replace(':', '_') + "_x" + width;
        GraphBuilder b = new GraphBuilder(name, "input", c1);
        GuidelineLayers l = new GuidelineLayers(b, SEED);
        Value x = b.input();
        for (int i = 0; i < GuidelineNet.BLOCKS; i++) {
            x = l.conv("block" + i + "_a", x, c1, c2, 1, 1, true);
            x = l.conv("block" + i + "_b", x, c2, c1, 1, 1, true);
        }
        return net("G1", ratio, "x" + width, c1, b, x);
    }

    /** G2: "excessive group convolution increases MAC": 10 1x1 group convs c -> c with ReLU. */
    public static List<GuidelineNet> g2() {
        List<GuidelineNet> nets = new ArrayList<>();
        for (int g : G2_GROUPS) for (int width : WIDTHS) nets.add(g2(g, width));
        return nets;
    }

    public static GuidelineNet g2(int groups, int width) {
        int c = G2_CHANNELS[indexOf(G2_GROUPS, groups, "G2 groups")] * width;
        if (c % groups != 0) c = Math.round(c / (float) groups) * groups; // the nearest multiple of groups
        GraphBuilder b = new GraphBuilder("g2_g" + groups + "_x" + width, "input", c);
        GuidelineLayers l = new GuidelineLayers(b, SEED);
        Value x = b.input();
        for (int i = 0; i < GuidelineNet.BLOCKS; i++) x = l.conv("gconv" + i, x, c, c, 1, groups, true);
        return net("G2", "g=" + groups, "x" + width, c, b, x);
    }

    /**
     * G3: "network fragmentation reduces degree of parallelism". The 1-fragment block is one 1x1 conv c -> c.
     * A k-fragment-series block is k 1x1 convs in a row, each c' -> c' with c' = round(c / sqrt(k)) so that
     * the FLOPs stay those of the 1-fragment block (the paper adjusts the fragmented blocks' channels to keep
     * FLOPs fixed); a k-fragment-parallel block is k 1x1 convs c -> c / k side by side on the same input,
     * concatenated back to c channels (the same FLOPs exactly). ReLU after every conv.
     */
    public static List<GuidelineNet> g3() {
        List<GuidelineNet> nets = new ArrayList<>();
        for (String f : G3_FRAGMENTS) for (int c : G3_CHANNELS) nets.add(g3(f, c));
        return nets;
    }

    public static GuidelineNet g3(String fragments, int c) {
        indexOf(G3_FRAGMENTS, fragments, "G3 block");
        int k = Integer.parseInt(fragments.substring(0, 1));
        boolean parallel = fragments.endsWith("parallel");
        int width = parallel || k == 1 ? c : (int) Math.round(c / Math.sqrt(k));
        String name = "g3_" + fragments.replace('-', '_') + "_c" + c;
        GraphBuilder b = new GraphBuilder(name, "input", width);
        GuidelineLayers l = new GuidelineLayers(b, SEED);
        Value x = b.input();
        for (int i = 0; i < GuidelineNet.BLOCKS; i++) {
            String block = "block" + i;
            if (parallel) {
                Value[] branches = new Value[k];
                for (int j = 0; j < k; j++) branches[j] = l.conv(block + "_p" + j, x, c, c / k, 1, 1, true);
                x = b.add(block + "_concat", new Op.Concat(), branches);
            } else {
                for (int j = 0; j < k; j++) x = l.conv(block + "_s" + j, x, width, width, 1, 1, true);
            }
        }
        return net("G3", fragments, "c=" + c, width, b, x);
    }

    /**
     * G4: "element-wise operations are non-negligible": ResNet's bottleneck unit, 1x1, 3x3 and 1x1 convs of c
     * channels, with ReLU after the first two convs and after the sum (or nowhere), and the identity shortcut
     * added to the last conv (or not).
     */
    public static List<GuidelineNet> g4() {
        List<GuidelineNet> nets = new ArrayList<>();
        for (boolean relu : new boolean[] {true, false})
            for (boolean shortcut : new boolean[] {true, false})
                for (int c : G4_CHANNELS) nets.add(g4(relu, shortcut, c));
        return nets;
    }

    public static String g4Row(boolean relu, boolean shortcut) {
        return "relu=" + (relu ? "on" : "off") + " shortcut=" + (shortcut ? "on" : "off");
    }

    public static GuidelineNet g4(boolean relu, boolean shortcut, int c) {
        String name = "g4_relu" + (relu ? 1 : 0) + "_shortcut" + (shortcut ? 1 : 0) + "_c" + c;
        GraphBuilder b = new GraphBuilder(name, "input", c);
        GuidelineLayers l = new GuidelineLayers(b, SEED);
        Value x = b.input();
        for (int i = 0; i < GuidelineNet.BLOCKS; i++) {
            String block = "block" + i;
            Value y = l.conv(block + "_conv1", x, c, c, 1, 1, relu);
            y = l.conv(block + "_conv2", y, c, c, 3, 1, relu);
            y = l.conv(block + "_conv3", y, c, c, 1, 1, false);
            if (shortcut) y = b.add(block + "_add", new Op.Add(), y, x);
            x = relu ? b.add(block + "_relu", new Op.Relu(), y) : y;
        }
        return net("G4", g4Row(relu, shortcut), "c=" + c, c, b, x);
    }

    private static GuidelineNet net(String table, String row, String column, int channels, GraphBuilder b, Value out) {
        Graph g = b.build(out).withSyntheticWeights("seeded random weights, seed " + SEED);
        return new GuidelineNet(table, row, column, channels, GuidelineNet.SIZE, GuidelineNet.SIZE, g);
    }

    private static <T> int indexOf(List<T> values, T value, String what) {
        int i = values.indexOf(value);
        if (i < 0) throw new IllegalArgumentException(what + " must be one of " + values + ", found " + value);
        return i;
    }
}
