package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.models.ShuffleNetV1;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where {@link ShufflePlacement} puts ShuffleNet v1's channel shuffles: into the write of an ungrouped
 * 1x1 conv before them (its weight rows permuted), a vectorised pass, or the read of the 1x1 conv after
 * them (channel runs, with the depthwise conv between getting permuted filters), in that order of
 * preference; and that every placement computes what the naive NCHW interpreter computes. The asserts
 * are on structure: the fold facts of the rewritten nodes, the step records of the plan, the runs each
 * conv group reads (against the shuffle's definition: shuffled channel s is channel
 * {@code (s % g) * (C / g) + s / g} of its input), and the permuted weights. Tolerance as in
 * {@link CompiledModelTest}.
 */
class ShuffleFoldingTest {

    /** Every shuffle of a v1 model, by the rule, with the vector kernels at this JVM's lane count. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-g3-1.0", "v1-g8-1.0", "v1-g4-0.5", "v1-g2-0.25"})
    void v1ShufflesGoWhereTheRuleSays(String model) {
        Graph graph = ShuffleNet.builtIn(model);
        KernelSet kernels = KernelRegistry.vector();
        Planned planned = Planned.of(graph, kernels, 64);
        int groups = Integer.parseInt(model.substring(4, model.indexOf('-', 4)));
        int[] channels = ShuffleNetV1.channels(groups, Double.parseDouble(model.substring(model.lastIndexOf('-') + 1)));
        int[] units = {4, 8, 4};
        for (int stage = 0; stage < 3; stage++) {
            int mid = channels[stage + 1] / 4;
            for (int unit = 0; unit < units[stage]; unit++) {
                String prefix = "stage" + (stage + 2) + "_" + unit;
                String shuffle = prefix + "_shuffle";
                if (stage == 0 && unit == 0) {
                    assertNull(planned.node(shuffle), shuffle + " is no node of its own after the rewrite");
                    // Stage 2's first 1x1 conv is ungrouped: it writes the shuffled order itself.
                    FusedNode conv = planned.nodeStartingWith(prefix + "_gconv1+");
                    assertEquals(FusedNode.Fold.SHUFFLED_WRITE, conv.fold(), conv.node().name());
                    assertRowsPermuted(graph, prefix + "_gconv1", conv, groups);
                    assertEquals(0, planned.steps(Step.Shuffle.class, shuffle).size(), "no pass for " + shuffle);
                } else if (kernels.shuffle().isVectorized(mid, groups)) {
                    assertEquals(1, planned.steps(Step.Shuffle.class, shuffle).size(), "a pass for " + shuffle);
                    assertEquals(FusedNode.Fold.NONE, planned.node(prefix + "_dw").fold());
                } else {
                    assertNull(planned.node(shuffle), shuffle + " is no node of its own after the rewrite");
                    assertEquals(FusedNode.Fold.PERMUTED_FILTERS, planned.node(prefix + "_dw").fold());
                    FusedNode reader = planned.nodeStartingWith(shuffle + "+" + prefix + "_gconv2");
                    assertReadsThroughRuns(reader, mid, groups);
                    // A stride-1 unit's conv also carries the residual add + ReLU (ResidualPlacement).
                    Class<? extends Step> kind = unit == 0 ? Step.Pointwise.class : Step.PointwiseAddRelu.class;
                    assertEquals(1, planned.steps(kind, reader.node().name()).size(), reader.node().name());
                }
            }
        }
    }

    /** The scalar shuffle never vectorises, so every v1 shuffle is folded one way or the other. */
    @Test
    void withScalarKernelsEveryShuffleIsFoldedAndTheLogitsMatch() {
        Graph graph = ShuffleNet.builtIn("v1-g3-0.5");
        Planned planned = Planned.of(graph, KernelRegistry.scalar(), 40);
        assertEquals(List.of(), planned.steps(Step.Shuffle.class, null), "no shuffle pass");
        long folds = planned.nodes.stream().filter(f -> f.fold() == FusedNode.Fold.SHUFFLED_READ
                || f.fold() == FusedNode.Fold.SHUFFLED_WRITE).count();
        long shuffles = graph.nodes().stream().filter(n -> n.op() instanceof Op.ChannelShuffle).count();
        assertEquals(shuffles, folds, "one folded read or write per shuffle");
        assertMatchesInterpreter(graph, KernelRegistry.scalar(), 40, 48, 2);
    }

    /**
     * A 4-group shuffle read directly by a grouped 1x1 conv, an 8-group one read through a depthwise conv by
     * a 4-group conv, and one with two readers (which must stay a pass); the first two have 3 channels per
     * group, below any lane count, so they are folded with either kernel set.
     */
    @Test
    void foldsIntoTheReadOfA1x1ConvWithOrWithoutADepthwiseConvBetween() {
        SplittableRandom random = new SplittableRandom(5);
        GraphBuilder b = new GraphBuilder("folds", "input", 3);
        Value x = b.add("c0", conv(random, 12, 3, 3, 1, 1), b.input());
        x = b.add("g1", conv(random, 12, 12, 1, 1, 4), x);
        x = b.add("shuffle_a", new Op.ChannelShuffle(4), x);
        x = b.add("g2", conv(random, 24, 12, 1, 1, 4), x);                 // folded read, no depthwise
        x = b.add("shuffle_b", new Op.ChannelShuffle(8), x);              // 8 groups of 3 for 4 conv groups
        x = b.add("dw", conv(random, 24, 24, 3, 2, 24), x);                // permuted filters
        x = b.add("g3", conv(random, 16, 24, 1, 1, 4), x);                 // folded read after it
        Value y = b.add("shuffle_c", new Op.ChannelShuffle(2), x);         // two readers: a pass
        Value z1 = b.add("g4", conv(random, 8, 16, 1, 1, 2), y);
        Value z2 = b.add("g5", conv(random, 8, 16, 1, 1, 1), y);
        Graph graph = b.build(b.add("sum", new Op.Add(), z1, z2));
        for (KernelSet kernels : List.of(KernelRegistry.scalar(), KernelRegistry.vector())) {
            Planned planned = Planned.of(graph, kernels, 20);
            assertReadsThroughRuns(planned.node("shuffle_a+g2"), 12, 4);
            assertEquals(FusedNode.Fold.PERMUTED_FILTERS, planned.node("dw").fold());
            assertFiltersPermuted(graph, planned.node("dw"), 8);
            assertReadsThroughRuns(planned.node("shuffle_b+g3"), 24, 8);
            assertEquals(1, planned.steps(Step.Shuffle.class, "shuffle_c").size(), "two readers: a pass");
            assertEquals(FusedNode.Fold.NONE, planned.node("g4").fold());
            assertEquals(2, planned.steps(Step.Pointwise.class, null).stream()
                    .filter(s -> ((Step.Pointwise) s).runs() != null).count(), "two steps read through runs");
            assertMatchesInterpreter(graph, kernels, 20, 17, 2);
        }
    }

    /** The rewritten nodes and the plan of one graph, with the Java GEMM for every layer. */
    private record Planned(List<FusedNode> nodes, Plan plan) {
        static Planned of(Graph graph, KernelSet kernels, int size) {
            PointwiseSelector java = (layer, m, k, pixels) -> kernels.pointwise();
            List<FusedNode> nodes = Planner.rewrite(graph, ShapeInference.infer(graph, 1, size, size), kernels, java);
            return new Planned(nodes, Planner.plan(graph, kernels, java, size, size));
        }

        FusedNode node(String name) {
            return nodes.stream().filter(f -> f.node().name().equals(name)).findFirst().orElse(null);
        }

        FusedNode nodeStartingWith(String prefix) {
            List<FusedNode> found = nodes.stream().filter(f -> f.node().name().startsWith(prefix)).toList();
            assertEquals(1, found.size(), "one node named " + prefix + "...");
            return found.get(0);
        }

        /** The steps of a kind, all of them or those with the given name. */
        List<Step> steps(Class<? extends Step> kind, String name) {
            return plan.steps().stream().filter(kind::isInstance)
                    .filter(s -> name == null || s.name().equals(name)).toList();
        }
    }

    /** Where shuffled channel s of a g-group shuffle of C channels lies in its input, by definition. */
    private static int source(int s, int channels, int groups) {
        return (s % groups) * (channels / groups) + s / groups;
    }

    /**
     * Group i of the conv reads shuffled channels [i*K, (i+1)*K) of the shuffle's output: its runs cover
     * exactly their sources, and there are as many runs as maximal stretches of consecutive sources.
     */
    private static void assertReadsThroughRuns(FusedNode reader, int channels, int shuffleGroups) {
        assertNotNull(reader, "the conv reading the shuffle");
        assertEquals(FusedNode.Fold.SHUFFLED_READ, reader.fold(), reader.node().name());
        Op.Conv2d c = (Op.Conv2d) reader.node().op();
        assertEquals(c.groups(), reader.channelRuns().length, "one set of runs per conv group");
        assertTrue(reader.gemm().readsChannelRuns(), reader.gemm().name());
        int k = c.inChannels() / c.groups();
        for (int i = 0; i < c.groups(); i++) {
            TreeSet<Integer> sources = new TreeSet<>();
            for (int s = i * k; s < (i + 1) * k; s++) sources.add(source(s, channels, shuffleGroups));
            ChannelRuns runs = reader.channelRuns()[i];
            TreeSet<Integer> read = new TreeSet<>();
            for (int r = 0; r < runs.runCount(); r++)
                for (int j = 0; j < runs.length(r); j++) read.add(runs.start(r) + j);
            assertEquals(sources, read, reader.node().name() + " group " + i);
            int stretches = 0;
            Integer last = null;
            for (int ch : sources) {
                if (last == null || ch != last + 1) stretches++;
                last = ch;
            }
            assertEquals(stretches, runs.runCount(), reader.node().name() + " group " + i + " runs");
        }
    }

    /** Row s of the rewritten ungrouped conv is row source(s) of the BN-folded conv. */
    private static void assertRowsPermuted(Graph graph, String convName, FusedNode conv, int shuffleGroups) {
        Op.Conv2d before = bnFolded(graph, convName), after = (Op.Conv2d) conv.node().op();
        int k = before.inChannels(), m = before.outChannels();
        for (int s = 0; s < m; s++) {
            int src = source(s, m, shuffleGroups);
            assertArrayEquals(Arrays.copyOfRange(before.weight(), src * k, (src + 1) * k),
                    Arrays.copyOfRange(after.weight(), s * k, (s + 1) * k), convName + " row " + s);
            assertEquals(before.bias()[src], after.bias()[s], convName + " bias " + s);
        }
    }

    /** The depthwise conv runs in unshuffled order: channel source(s) holds shuffled channel s's filter. */
    private static void assertFiltersPermuted(Graph graph, FusedNode dw, int shuffleGroups) {
        Op.Conv2d before = bnFolded(graph, dw.node().name()), after = (Op.Conv2d) dw.node().op();
        int c = before.outChannels(), taps = before.weight().length / c;
        for (int s = 0; s < c; s++) {
            int src = source(s, c, shuffleGroups);
            assertArrayEquals(Arrays.copyOfRange(before.weight(), s * taps, (s + 1) * taps),
                    Arrays.copyOfRange(after.weight(), src * taps, (src + 1) * taps), "filter " + s);
        }
    }

    /** The conv as the first rewrite pass leaves it (batch norm folded, ReLU fused), before any shuffle fold. */
    private static Op.Conv2d bnFolded(Graph graph, String name) {
        List<String> found = new ArrayList<>();
        for (FusedNode f : GraphRewrites.rewrite(graph)) {
            String n = f.node().name();
            if (n.equals(name) || n.equals(name + "+relu")) return (Op.Conv2d) f.node().op();
            found.add(n);
        }
        throw new AssertionError("no conv " + name + " in " + found);
    }

    private static Op.Conv2d conv(SplittableRandom random, int out, int in, int kernel, int stride, int groups) {
        float[] w = new float[out * (in / groups) * kernel * kernel], bias = new float[out];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < out; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
        return Op.Conv2d.square(out, in, kernel, stride, kernel / 2, groups, w, bias);
    }

    private static void assertMatchesInterpreter(Graph graph, KernelSet kernels, int h, int w, int batch) {
        float[] input = TestInputs.images(batch, 3, h, w, 9);
        float[] expected = NaiveInterpreter.run(graph, input, batch, h, w);
        try (CompiledModel m = CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(h, w)
                .withMaxBatch(batch).withBackend(Backend.JAVA).withKernels(kernels))) {
            double err = TestInputs.relativeMaxError(m.run(input, batch), expected);
            assertTrue(err <= CompiledModelTest.TOLERANCE, graph.name() + " with " + kernels.name() + ": " + err);
        }
    }
}
