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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StemPlacement}: ShuffleNet's stem (3x3/2 conv + ReLU on the input, 3x3/2 max pool) becomes one step
 * that reads the caller's NCHW input, other stems keep their steps, {@code -Dshufflenet.stem=separate} keeps
 * them everywhere, and the fused plan computes what the naive NCHW interpreter computes at sizes where the
 * pool's padding falls differently, at batch 3, with 1 and 3 threads (bit-identical to each other).
 * Tolerance as in {@link CompiledModelTest}.
 */
class StemFusionTest {
    private static final PointwiseSelector JAVA = (layer, m, k, pixels) -> KernelRegistry.best().pointwise();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v2-1.0", "v2-0.5", "v1-g3-0.5", "v1-g8-2.0"})
    void shuffleNetStemsAreOneStepReadingTheNchwInput(String model) {
        Plan plan = Planner.plan(ShuffleNet.builtIn(model), KernelRegistry.best(), JAVA, 224, 224);
        Step first = plan.steps().get(0);
        Step.StemConvPool stem = assertInstanceOf(Step.StemConvPool.class, first, model + ": " + first);
        assertEquals("conv1+relu+maxpool", stem.name());
        // The set's stem family picks its member by channel count (24 at 16 lanes: the pixel-vector stem).
        assertEquals(KernelRegistry.best().stem().forChannels(stem.out().channels()).name(),
                StepDescriptions.describe(stem).kernel());
        assertTrue(stem.relu());
        assertEquals(List.of(), stem.reads(), "reads the caller's input, no workspace buffer");
        assertEquals(List.of(56, 56), List.of(stem.out().height(), stem.out().width()));
        assertEquals(Step.Unit.ROWS, stem.unit());
        assertEquals(3 * 56, stem.units(3), "pool output rows of the batch");
        for (Step s : plan.steps())
            assertTrue(!(s instanceof Step.Input) && !(s instanceof Step.DirectConv) && !(s instanceof Step.MaxPool),
                    model + ": " + s.name() + " is left");
    }

    @Test
    void separateKeepsLayoutConvAndPoolSteps() {
        Plan plan = withStem("separate",
                () -> Planner.plan(ShuffleNet.builtIn("v2-1.0"), KernelRegistry.best(), JAVA, 224, 224));
        assertInstanceOf(Step.Input.class, plan.steps().get(0));
        assertInstanceOf(Step.DirectConv.class, plan.steps().get(1));
        assertInstanceOf(Step.MaxPool.class, plan.steps().get(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withStem("both",
                () -> Planner.plan(ShuffleNet.builtIn("v2-1.0"), KernelRegistry.best(), JAVA, 224, 224)));
        assertEquals("-Dshufflenet.stem must be 'fused' or 'separate', found 'both'", e.getMessage());
    }

    @Test
    void otherStemsKeepTheirSteps() {
        SplittableRandom random = new SplittableRandom(3);
        // Stride 1: not the stem's conv.
        GraphBuilder b = new GraphBuilder("stride1", "input", 3);
        Value x = b.add("conv", conv(random, 8, 3, 1), b.input());
        x = b.add("relu", new Op.Relu(), x);
        Graph stride1 = b.build(b.add("pool", Op.MaxPool.square(3, 2, 1), x));
        // The conv's output read by the pool and by an add: it must exist as a tensor.
        b = new GraphBuilder("two-readers", "input", 3);
        Value c = b.add("conv", conv(random, 8, 3, 2), b.input());
        Value p = b.add("pool", Op.MaxPool.square(3, 1, 1), c);
        Graph twoReaders = b.build(b.add("sum", new Op.Add(), c, p));
        // A 2x2 pool after the stem conv.
        b = new GraphBuilder("pool2", "input", 3);
        c = b.add("conv", conv(random, 8, 3, 2), b.input());
        Graph pool2 = b.build(b.add("pool", Op.MaxPool.square(2, 2, 0), c));
        for (Graph g : List.of(stride1, twoReaders, pool2)) {
            Plan plan = Planner.plan(g, KernelRegistry.best(), JAVA, 20, 20);
            assertInstanceOf(Step.Input.class, plan.steps().get(0), g.name());
            assertTrue(plan.steps().stream().noneMatch(s -> s instanceof Step.StemConvPool), g.name());
            for (KernelSet kernels : KernelRegistry.all()) assertMatchesInterpreter(g, kernels, 20, 17, 2, 1);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"224, 224", "97, 75", "33, 18", "9, 14"})
    void fusedPlanMatchesTheInterpreterWithOneAndThreeThreads(int h, int w) {
        Graph g = ShuffleNet.builtIn("v2-0.5");
        for (KernelSet kernels : KernelRegistry.all()) {
            float[] one = assertMatchesInterpreter(g, kernels, h, w, 3, 1);
            float[] three = assertMatchesInterpreter(g, kernels, h, w, 3, 3);
            assertArrayEquals(one, three, kernels.name() + " " + h + "x" + w + ": 1 and 3 threads");
        }
    }

    private static float[] assertMatchesInterpreter(Graph graph, KernelSet kernels, int h, int w, int batch,
                                                    int threads) {
        float[] input = TestInputs.images(batch, 3, h, w, 11);
        float[] expected = NaiveInterpreter.run(graph, input, batch, h, w);
        try (CompiledModel m = CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(h, w)
                .withMaxBatch(batch).withThreads(threads).withBackend(Backend.JAVA).withKernels(kernels))) {
            float[] got = m.run(input, batch);
            double err = TestInputs.relativeMaxError(got, expected);
            assertTrue(err <= CompiledModelTest.TOLERANCE, graph.name() + " " + h + "x" + w + " with " + kernels.name()
                    + ", " + threads + " threads: " + err);
            return got;
        }
    }

    private static <T> T withStem(String value, Supplier<T> body) {
        String before = System.getProperty(StemPlacement.PROPERTY);
        System.setProperty(StemPlacement.PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (before == null) System.clearProperty(StemPlacement.PROPERTY);
            else System.setProperty(StemPlacement.PROPERTY, before);
        }
    }

    private static Op.Conv2d conv(SplittableRandom random, int out, int in, int stride) {
        float[] w = new float[out * in * 9], bias = new float[out];
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextDouble(-0.5, 0.5);
        for (int i = 0; i < out; i++) bias[i] = (float) random.nextDouble(-0.5, 0.5);
        return Op.Conv2d.square(out, in, 3, stride, 1, 1, w, bias);
    }
}
