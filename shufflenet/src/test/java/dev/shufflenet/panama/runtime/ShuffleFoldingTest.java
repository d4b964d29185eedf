package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;
import dev.shufflenet.panama.models.ShuffleNetV1;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the planner puts ShuffleNet v1's channel shuffles (see {@link Planner}): into the write of an
 * ungrouped 1x1 conv before them, a vectorized pass, or the read of the 1x1 conv after them, in that
 * order of preference; and that every placement computes what the naive NCHW interpreter computes.
 * Tolerance as in {@link CompiledModelTest}.
 */
class ShuffleFoldingTest {

    /** Every shuffle of a v1 model, by the rule, with the vector kernels at this JVM's lane count. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-g3-1.0", "v1-g8-1.0", "v1-g4-0.5", "v1-g2-0.25"})
    void v1ShufflesGoWhereTheRuleSays(String model) {
        Graph graph = ShuffleNet.builtIn(model);
        KernelSet kernels = KernelRegistry.vector();
        List<PlanStep> steps = steps(graph, kernels, 64);
        int groups = Integer.parseInt(model.substring(4, model.indexOf('-', 4)));
        int[] channels = ShuffleNetV1.channels(groups, Double.parseDouble(model.substring(model.lastIndexOf('-') + 1)));
        ChannelShuffleKernel shuffle = kernels.shuffle();
        int[] units = {4, 8, 4};
        for (int stage = 0; stage < 3; stage++) {
            int mid = channels[stage + 1] / 4;
            for (int unit = 0; unit < units[stage]; unit++) {
                String prefix = "stage" + (stage + 2) + "_" + unit;
                String name = prefix + "_shuffle";
                if (stage == 0 && unit == 0) {
                    // Stage 2's first 1x1 conv is ungrouped: it writes the shuffled order itself (conv, relu,
                    // then the shuffle, in the step's name).
                    String conv = prefix + "_gconv1";
                    assertEquals(1, steps.stream().filter(st -> st.name().startsWith(conv + "+")
                            && st.name().endsWith("+" + name)).count(), conv + " writes " + name);
                    assertNoStep(steps, name);
                } else if (shuffle.isVectorized(mid, groups)) {
                    assertStep(steps, name, shuffle.name());
                } else {
                    assertNoStep(steps, name);
                    assertStep(steps, name + "+" + prefix + "_gconv2", "shuffled read");
                }
            }
        }
    }

    /** The scalar shuffle never vectorizes, so every v1 shuffle is folded one way or the other. */
    @Test
    void withScalarKernelsEveryShuffleIsFoldedAndTheLogitsMatch() {
        Graph graph = ShuffleNet.builtIn("v1-g3-0.5");
        List<PlanStep> steps = steps(graph, KernelRegistry.scalar(), 40);
        for (Node n : graph.nodes())
            if (n.op() instanceof Op.ChannelShuffle) assertNoStep(steps, n.name());
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
            List<PlanStep> steps = steps(graph, kernels, 20);
            assertStep(steps, "shuffle_a+g2", "shuffled read");
            assertStep(steps, "shuffle_b+g3", "shuffled read");
            assertStep(steps, "shuffle_c", null);
            assertMatchesInterpreter(graph, kernels, 20, 17, 2);
        }
    }

    private static Op.Conv2d conv(SplittableRandom random, int out, int in, int kernel, int stride, int groups) {
        float[] w = new float[out * (in / groups) * kernel * kernel], bias = new float[out];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < out; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
        return Op.Conv2d.square(out, in, kernel, stride, kernel / 2, groups, w, bias);
    }

    private static List<PlanStep> steps(Graph graph, KernelSet kernels, int size) {
        try (CompiledModel m = CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(size, size)
                .withBackend(Backend.JAVA).withKernels(kernels))) {
            return m.steps();
        }
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

    private static void assertStep(List<PlanStep> steps, String namePrefix, String kernelPart) {
        long found = steps.stream().filter(s -> s.name().equals(namePrefix) || s.name().startsWith(namePrefix + "+"))
                .filter(s -> kernelPart == null || s.kernelLabel().contains(kernelPart)).count();
        assertEquals(1, found, "one step " + namePrefix + (kernelPart == null ? "" : " with kernel '" + kernelPart
                + "'") + " in " + steps);
    }

    private static void assertNoStep(List<PlanStep> steps, String name) {
        assertTrue(steps.stream().noneMatch(s -> s.name().equals(name)), "no step " + name + " in " + steps);
    }
}
