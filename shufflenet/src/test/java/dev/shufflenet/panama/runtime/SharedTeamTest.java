package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.parallel.WorkerTeam;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several callers, models sharing one team, and close() while calls are in flight. */
class SharedTeamTest {
    private static final CompileOptions OPTIONS = CompileOptions.defaults().withInputSize(64, 64).withMaxBatch(3)
            .withBackend(Backend.JAVA).withThreads(3);

    @Test
    void twoModelsOnOneTeamServeConcurrentCallersWithBoundedThreads() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            try (WorkerTeam team = new WorkerTeam(3);
                 CompiledModel a = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), OPTIONS, team);
                 CompiledModel b = CompiledModel.compile(ShuffleNet.builtIn("v1-g3-0.5"), OPTIONS, team)) {
                float[] input = TestInputs.images(3, 3, 64, 64, 11);
                float[][] expectA = {null, a.run(input, 1), a.run(input, 2), a.run(input, 3)};
                float[][] expectB = {null, b.run(input, 1), b.run(input, 2), b.run(input, 3)};
                int threadsBefore = Thread.activeCount();
                ExecutorService callers = Executors.newFixedThreadPool(4);
                try {
                    List<Future<String>> results = new ArrayList<>();
                    for (int i = 0; i < 48; i++) {
                        int batch = 1 + i % 3;
                        boolean useA = i % 2 == 0;
                        results.add(callers.submit(() -> {
                            CompiledModel m = useA ? a : b;
                            float[] got = m.run(input, batch);
                            float[] want = (useA ? expectA : expectB)[batch];
                            return Arrays.equals(got, want) ? null : m.name() + " batch " + batch;
                        }));
                    }
                    for (Future<String> f : results) assertEquals(null, f.get(), "a concurrent call differed");
                } finally {
                    callers.shutdown();
                    assertTrue(callers.awaitTermination(1, TimeUnit.MINUTES));
                }
                // The models started no threads of their own: only the team's 2 workers exist.
                assertTrue(Thread.activeCount() <= threadsBefore + 4, "threads grew from " + threadsBefore + " to "
                        + Thread.activeCount());
                assertFalse(team.isClosed());
            }
        });
    }

    @Test
    void closingAModelLeavesASharedTeamOpen() {
        try (WorkerTeam team = new WorkerTeam(3)) {
            float[] input = TestInputs.images(1, 3, 64, 64, 5);
            float[] first;
            try (CompiledModel a = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), OPTIONS, team)) {
                first = a.run(input, 1);
            }
            assertFalse(team.isClosed());
            try (CompiledModel again = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), OPTIONS, team)) {
                assertTrue(Arrays.equals(first, again.run(input, 1)));
            }
        }
    }

    @Test
    void aTeamSmallerThanTheModelIsRefused() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), OPTIONS, team));
            assertTrue(e.getMessage().contains("team of 2 threads") && e.getMessage().contains("3 threads"),
                    e.getMessage());
        }
    }

    @Test
    void closeWhileCallsAreInFlightNeverHangsAndCallsFinishOrFailCleanly() {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), OPTIONS);
            float[] input = TestInputs.images(3, 3, 64, 64, 3);
            float[] expected = m.run(input, 1);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(2);
            ExecutorService callers = Executors.newFixedThreadPool(2);
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                results.add(callers.submit(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        float[] got;
                        try {
                            got = m.run(input, 1);
                        } catch (IllegalStateException closed) {
                            return null; // refused after close: a clean failure
                        }
                        if (!Arrays.equals(got, expected)) return "wrong logits during close";
                    }
                    return null;
                }));
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));
            Thread.sleep(50);
            m.close();
            m.close(); // twice is harmless
            Thread.sleep(50);
            stop.set(true);
            for (Future<String> f : results) assertEquals(null, f.get(1, TimeUnit.MINUTES));
            callers.shutdown();
            assertTrue(callers.awaitTermination(1, TimeUnit.MINUTES));
        });
    }
}
