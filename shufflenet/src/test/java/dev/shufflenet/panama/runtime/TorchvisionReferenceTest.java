package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.tuning.GemmCandidate;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The independent check: torchvision's ShuffleNet v2 1.0x exported to ONNX, run by this runtime on the
 * reference input, against the logits PyTorch computed. The reference README says a correct float32
 * runtime lands within about 1e-5 of them; the issue asks for 1e-4 of their largest magnitude.
 */
class TorchvisionReferenceTest {
    static final double TOLERANCE = 1e-4;
    static Graph graph;
    static float[] input;
    static float[] expected;

    @BeforeAll
    static void load() throws IOException {
        graph = ShuffleNet.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        input = ReferenceFiles.readFloats(ReferenceFiles.V2_INPUT, 2 * 3 * 224 * 224);
        expected = ReferenceFiles.readFloats(ReferenceFiles.V2_TORCH_OUTPUT, 2 * 1000);
    }

    /**
     * Each backend, and from {@code steps()} that it really ran: every pointwise conv and the FC layer (the
     * GEMMs) on OpenBLAS or ACL when that backend is asked for, on the Java kernels for java, and for auto on
     * backends this machine can load. A native backend that cannot load here is skipped, not passed on Java.
     */
    @ParameterizedTest(name = "backend {0}")
    @EnumSource(Backend.class)
    void matchesPyTorchOnEveryBackend(Backend backend) {
        KernelSet kernels = KernelRegistry.best();
        String id = backend.name().toLowerCase(Locale.ROOT);
        if (backend == Backend.OPENBLAS || backend == Backend.ACL)
            assumeTrue(GemmCandidate.parse(id).kernel(kernels).isPresent(), id + " cannot load on this machine");
        CompileOptions options = CompileOptions.defaults().withMaxBatch(2).withBackend(backend).withKernels(kernels);
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            List<PlanStep> steps = m.steps();
            long gemms = graph.nodes().stream().filter(n -> n.op() instanceof Op.Linear
                    || n.op() instanceof Op.Conv2d c && c.isPointwise()).count();
            Set<String> loadable = new TreeSet<>();
            for (GemmCandidate c : GemmCandidate.values())
                if (c.kernel(kernels).isPresent()) loadable.add(c.id());
            switch (backend) {
                case JAVA -> assertEquals(Set.of(), nativeBackends(steps), "no native GEMM for java");
                case OPENBLAS, ACL -> assertEquals(gemms, steps.stream().filter(s -> s.backend().equals(id)).count(),
                        "steps on " + id + " (one per pointwise conv and FC) in " + steps);
                case AUTO -> assertTrue(loadable.containsAll(nativeBackends(steps)),
                        "auto chose " + nativeBackends(steps) + ", loadable " + loadable);
            }
            check(m, options);
        }
    }

    private static Set<String> nativeBackends(List<PlanStep> steps) {
        return steps.stream().map(PlanStep::backend).filter(b -> !b.equals("java") && !b.equals("scalar"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "kernel set {0}")
    @ValueSource(strings = {"scalar", "vector"})
    void matchesPyTorchWithEachKernelSet(String set) {
        KernelSet kernels = set.equals("scalar") ? KernelRegistry.scalar() : KernelRegistry.vector();
        check(CompileOptions.defaults().withMaxBatch(2).withBackend(Backend.JAVA).withKernels(kernels));
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void matchesPyTorchWithThreads(int threads) {
        check(CompileOptions.defaults().withMaxBatch(2).withThreads(threads));
    }

    private static void check(CompileOptions options) {
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            check(m, options);
        }
    }

    /** Both reference images as a batch, then the second alone (batch 1 must give the same answer). */
    private static void check(CompiledModel m, CompileOptions options) {
        float[] actual = m.run(input, 2);
        double err = TestInputs.relativeMaxError(actual, expected);
        assertTrue(err <= TOLERANCE, "max |ours - torch| / max |torch| = " + err + " with " + options);
        float[] second = new float[1000];
        m.run(input, 3 * 224 * 224, 1, second, 0);
        double scale = TestInputs.maxAbs(expected);
        for (int i = 0; i < 1000; i++) {
            assertTrue(Math.abs(second[i] - expected[1000 + i]) <= TOLERANCE * scale,
                    "image 2 alone, logit " + i + ": " + second[i] + " vs " + expected[1000 + i]);
        }
    }
}
