package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.onnx.NaiveInterpreter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ShuffleNet v1's stride-2 unit, out = ReLU(concat(AvgPool3x3s2(x), GConv1x1(DW3x3s2(GConv1x1(x))))), with
 * the ReLU after the concat as the paper (and exported v1 models) have it: the pool and the branch's last conv
 * write their channel ranges of the output in place, each with the ReLU in its epilogue, and no step copies
 * or ReLUs the concatenated tensor; the logits match the naive NCHW interpreter's. x has negative values (no
 * ReLU before the unit), so a ReLU left out of either range would show. The built-in v1 models (ReLU on the
 * branch before the concat) write their concat in place too, with no copy.
 */
class ConcatReluPlacementTest {

    @Test
    void reluAfterTheConcatGoesIntoThePoolAndTheConv() {
        SplittableRandom random = new SplittableRandom(11);
        GraphBuilder b = new GraphBuilder("v1-stride2-relu-after-concat", "input", 3);
        Value x = b.add("c0", conv(random, 24, 3, 3, 1, 1), b.input());               // no ReLU: x < 0 somewhere
        Value shortcut = b.add("unit_avgpool", Op.AvgPool.square(3, 2, 1, true), x);
        Value y = b.add("unit_gconv1", conv(random, 12, 24, 1, 1, 3), x);
        y = b.add("unit_gconv1_relu", new Op.Relu(), y);
        y = b.add("unit_shuffle", new Op.ChannelShuffle(3), y);
        y = b.add("unit_dw", conv(random, 12, 12, 3, 2, 12), y);
        y = b.add("unit_gconv2", conv(random, 24, 12, 1, 1, 3), y);
        Value joined = b.add("unit_concat", new Op.Concat(), shortcut, y);
        Value out = b.add("unit_relu", new Op.Relu(), joined);
        Graph graph = b.build(b.add("gap", new Op.GlobalAvgPool(false), out));
        for (KernelSet kernels : List.of(KernelRegistry.scalar(), KernelRegistry.vector())) {
            Plan plan = Planner.plan(graph, kernels, (l, m, k, p) -> kernels.pointwise(), 20, 18);
            assertTrue(plan.steps().stream().noneMatch(s -> s instanceof Step.Unary), "no ReLU or copy pass: "
                    + plan.steps().stream().map(Step::name).toList());
            Step.AvgPool pool = only(plan, Step.AvgPool.class);
            assertTrue(pool.relu(), pool.name());
            Step.Pointwise last = (Step.Pointwise) plan.steps().stream()
                    .filter(s -> s.name().contains("unit_gconv2")).findFirst().orElseThrow();
            assertTrue(last.relu(), last.name());
            assertEquals(pool.out().buffer(), last.out().buffer(), "both write the concat's buffer");
            assertEquals(0, pool.out().channelOffset());
            assertEquals(24, last.out().channelOffset());
            assertMatchesInterpreter(graph, kernels, 20, 18, 2);
        }
    }

    /** The built-in v1 stride-2 units: shortcut and branch written in place, no copy step. */
    @Test
    void builtInStrideTwoUnitsWriteTheirConcatInPlace() {
        KernelSet kernels = KernelRegistry.best();
        Plan plan = Planner.plan(ShuffleNet.builtIn("v1-g3-1.0"), kernels, (l, m, k, p) -> kernels.pointwise(), 64, 64);
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof Step.Unary u && u.kind() != Step.Unary.Kind.SOFTMAX),
                "no copy or ReLU pass");
        for (int stage = 2; stage <= 4; stage++) {
            String unit = "stage" + stage + "_0";
            Step.AvgPool pool = (Step.AvgPool) plan.steps().stream().filter(s -> s.name().equals(unit + "_avgpool"))
                    .findFirst().orElseThrow();
            Step.Pointwise branch = (Step.Pointwise) plan.steps().stream()
                    .filter(s -> s.name().contains(unit + "_gconv2")).findFirst().orElseThrow();
            assertEquals(pool.out().buffer(), branch.out().buffer(), unit + ": one buffer");
            assertEquals(pool.out().channels(), branch.out().channelOffset(), unit + ": the branch after the pool");
            assertTrue(branch.relu(), unit + ": ReLU in the branch's epilogue");
        }
    }

    private static <T extends Step> T only(Plan plan, Class<T> kind) {
        List<Step> found = plan.steps().stream().filter(kind::isInstance).toList();
        assertEquals(1, found.size(), kind.getSimpleName() + " steps");
        return kind.cast(found.get(0));
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
