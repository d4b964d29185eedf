package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.testing.WarmAllocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm {@code CompiledModel.run(input, inOff, batch, output, outOff)} allocates nothing: the bytes the
 * calling thread allocates over a round of warm runs, read with {@code com.sun.management.ThreadMXBean},
 * are zero.
 *
 * <p>"Warm" means compiled by C2: until then every Vector API operation allocates its vector object
 * (megabytes per run), so rounds repeat until one allocates nothing, until the same non-zero count has
 * come back for {@link #STEADY_NANOS} (a per-call allocation rather than code still waiting for C2; on a
 * loaded machine C2 can take that long), or until {@link #WARM_UP_NANOS}. On failure the message names
 * the steps that allocate on their own, and how much per call.
 *
 * <p>With one thread the caller runs every step itself and its count covers every kernel and the whole
 * runtime (context pool, executor, steps). With two, the count is the caller's plus the team's workers'
 * (threads named {@code shufflenet-worker-*}), at batch 1 (the intra-op schedule) and batch 2 (image
 * parallel).
 */
class CompiledModelAllocationTest {
    private static final int SIZE = 64, BATCH = 2, RUNS_PER_ROUND = 20;
    private static final long WARM_UP_NANOS = 150_000_000_000L, STEADY_NANOS = 30_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v2-1.0", "v1-g3-1.0", "v1-g8-0.5", "mobilenet-v1-1.0", "mobilenet-v2-1.0"})
    void warmRunsAllocateNothing(String model) {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        Graph graph = ShuffleNet.builtIn(model);
        KernelSet kernels = KernelRegistry.best();
        CompileOptions options = CompileOptions.defaults().withInputSize(SIZE, SIZE).withMaxBatch(BATCH).withThreads(1)
                .withBackend(Backend.JAVA).withKernels(kernels);
        float[] input = TestInputs.images(BATCH, 3, SIZE, SIZE, 11);
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            float[] output = new float[3 + BATCH * m.outputSize()];
            long bytes = untilWarm(() -> m.run(input, 0, BATCH, output, 3), STEADY_NANOS);
            if (bytes != 0) {
                throw new AssertionError(model + ": " + bytes / RUNS_PER_ROUND + " bytes allocated per warm run;"
                        + " steps that allocate on their own (bytes per call): " + allocatingSteps(mx, graph, kernels, input));
            }
            assertEquals(0, bytes);
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 2})
    void warmRunsOnTwoThreadsAllocateNothingOnTheCallerNorTheWorkers(int batch) {
        com.sun.management.ThreadMXBean mx = allocationCounter();
        Graph graph = ShuffleNet.builtIn("v2-1.0");
        CompileOptions options = CompileOptions.defaults().withInputSize(SIZE, SIZE).withMaxBatch(BATCH).withThreads(2)
                .withBackend(Backend.JAVA);
        float[] input = TestInputs.images(BATCH, 3, SIZE, SIZE, 11);
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            float[] output = new float[BATCH * m.outputSize()];
            m.run(input, 0, batch, output, 0); // starts the team's workers
            long[] ids = java.util.stream.Stream.concat(java.util.stream.Stream.of(Thread.currentThread()),
                            Thread.getAllStackTraces().keySet().stream()
                                    .filter(t -> t.getName().startsWith("shufflenet-worker-")))
                    .mapToLong(Thread::threadId).distinct().toArray();
            assertTrue(ids.length >= 2, "the team's worker was not found among the JVM's threads");
            // One id at a time: the array form returns a new array, which the caller's count would include.
            long bytes = untilWarm(() -> {
                long sum = 0;
                for (long id : ids) sum += mx.getThreadAllocatedBytes(id);
                return sum;
            }, () -> m.run(input, 0, batch, output, 0), STEADY_NANOS);
            assertEquals(0, bytes, "bytes allocated by the caller and the workers over " + RUNS_PER_ROUND
                    + " warm runs at batch " + batch);
        }
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        return WarmAllocation.counter();
    }

    private static long untilWarm(Runnable call, long steadyNanos) {
        return WarmAllocation.bytesOnceWarm(call, RUNS_PER_ROUND, steadyNanos, WARM_UP_NANOS);
    }

    private static long untilWarm(java.util.function.LongSupplier allocated, Runnable call, long steadyNanos) {
        return WarmAllocation.bytesOnceWarm(allocated, call, RUNS_PER_ROUND, steadyNanos, WARM_UP_NANOS);
    }

    /**
     * Each step of the same plan run on its own, with what it allocates per call. Its kernels were compiled
     * by the whole-model runs before, so a short steady stretch tells.
     */
    private static List<String> allocatingSteps(com.sun.management.ThreadMXBean mx, Graph graph, KernelSet kernels,
                                                float[] input) {
        Plan plan = Planner.plan(graph, kernels, (layer, m, k, pixels) -> kernels.pointwise(), SIZE, SIZE);
        try (Executor executor = new Executor(plan, 1, null)) {
            Workspace ws = executor.newContext(BATCH).whole;
            ws.input = input;
            ws.output = new float[BATCH * plan.outputPerImage()];
            ws.batch = BATCH;
            List<String> found = new ArrayList<>();
            for (Step s : plan.steps()) {
                long bytes = untilWarm(() -> s.run(ws, 0, s.units(BATCH)), 200_000_000L);
                if (bytes != 0) found.add(s.name() + " [" + StepDescriptions.describe(s).kernel() + "]: "
                        + bytes / RUNS_PER_ROUND);
            }
            return found;
        }
    }
}
