package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ResidualPlacement}: ShuffleNet v1's stride-1 unit, relu(x + GConv1x1(...)), is one
 * {@link Step.PointwiseAddRelu} when the GEMM has the residual epilogue, and the conv plus an Add step when it
 * has not; both plans give the same logits bit for bit (the epilogue adds exactly the value the conv stores),
 * at one thread and at two (where an ungrouped conv of a small map is cut into output-channel slices and keeps
 * the separate add).
 */
class ResidualPlacementTest {
    private static final int SIZE = 64;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-g3-1.0", "v1-g1-0.5", "v1-g8-0.25"})
    void everyStrideOneUnitIsOneStep(String model) {
        KernelSet kernels = KernelRegistry.best();
        Plan plan = Planner.plan(ShuffleNet.builtIn(model), kernels, (l, m, k, p) -> kernels.pointwise(), SIZE, SIZE);
        List<Step> fused = plan.steps().stream().filter(s -> s instanceof Step.PointwiseAddRelu).toList();
        assertEquals(4 - 1 + 8 - 1 + 4 - 1, fused.size(), "one fused step per stride-1 unit: " + names(plan));
        assertFalse(plan.steps().stream().anyMatch(s -> s instanceof Step.Add), "no Add step: " + names(plan));
        for (Step s : fused) {
            assertTrue(s.name().matches("(stage\\d_\\d+_shuffle\\+)?(stage\\d_\\d+)_gconv2\\+\\2_add\\+relu"), s.name());
            PlanStep d = StepDescriptions.describe(s);
            assertEquals(kernels.pointwise().addReluName(), d.kernel(), s.name());
            assertEquals(2, d.reads().size(), s.name() + " reads the branch and the residual");
        }
    }

    /** v1-g1 at 128 x 128 on two threads: stage 2's maps are fused, stages 3 and 4 sliced and not. */
    @ParameterizedTest(name = "{0}, {1} thread(s), {2} x {2}")
    @CsvSource({"v1-g3-0.5, 1, 64", "v1-g3-0.5, 2, 64", "v1-g1-0.5, 2, 128", "v1-g8-0.25, 1, 64"})
    void fusedAndUnfusedPlansGiveTheSameBits(String model, int threads, int size) {
        Graph graph = ShuffleNet.builtIn(model);
        KernelSet kernels = KernelRegistry.best();
        PointwiseConvKernel gemm = kernels.pointwise();
        PointwiseSelector fused = (l, m, k, p) -> gemm;
        PointwiseSelector unfused = (l, m, k, p) -> new WithoutResidualEpilogue(gemm);
        int batch = 2;
        float[] input = TestInputs.images(batch, 3, size, size, 23);
        try (Engine a = new Engine(graph, kernels, fused, size, size, batch, threads, null);
             Engine b = new Engine(graph, kernels, unfused, size, size, batch, threads, null)) {
            assertTrue(a.steps().stream().anyMatch(s -> s.kernel().equals(gemm.addReluName())));
            assertTrue(b.steps().stream().noneMatch(s -> s.kernel().contains("addrelu")));
            assertEquals(3 + 7 + 3, b.steps().stream().filter(s -> s.name().endsWith("_add+relu/add")).count(),
                    "the fallback adds in a pass of its own");
            for (int n = 1; n <= batch; n++) {
                float[] x = new float[n * a.outputPerImage()], y = new float[n * b.outputPerImage()];
                a.run(input, 0, n, x, 0);
                b.run(input, 0, n, y, 0);
                for (int i = 0; i < x.length; i++)
                    if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i]))
                        fail(model + " batch " + n + " logit " + i + ": fused " + x[i] + ", unfused " + y[i]);
            }
        }
    }

    private static List<String> names(Plan plan) {
        return plan.steps().stream().map(Step::name).toList();
    }

    /** A GEMM as given, minus its residual epilogue (the defaults say it has none), as ACL is today. */
    private record WithoutResidualEpilogue(PointwiseConvKernel k) implements PointwiseConvKernel {
        public String name() { return k.name(); }
        public PackedWeights pack(float[] w, float[] b, int m, int kk) { return k.pack(w, b, m, kk); }
        public boolean readsChannelRuns() { return k.readsChannelRuns(); }

        public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                        int begin, int end, boolean relu) {
            k.run(w, in, inOff, inStride, out, outOff, outStride, begin, end, relu);
        }

        public void run(PackedWeights w, dev.shufflenet.panama.kernels.gemm.ChannelRuns runs, float[] in, int inOff,
                        int inStride, float[] out, int outOff, int outStride, int begin, int end, boolean relu) {
            k.run(w, runs, in, inOff, inStride, out, outOff, outStride, begin, end, relu);
        }
    }
}
