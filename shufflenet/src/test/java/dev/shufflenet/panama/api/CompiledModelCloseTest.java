package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After close every computing path throws IllegalStateException; close twice is harmless; close never hangs. */
class CompiledModelCloseTest {
    static final int H = 32, PER_IMAGE = 3 * H * H;

    private static CompiledModel compile(int threads) {
        return CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), CompileOptions.defaults().withInputSize(H, H)
                .withThreads(threads).withBackend(Backend.JAVA));
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 3})
    void everyPathThrowsAfterClose(int threads) {
        CompiledModel m = compile(threads);
        float[] in = new float[PER_IMAGE];
        m.run(in, 1);
        m.close();
        m.close(); // harmless
        List<Runnable> paths = List.of(
                () -> m.run(in, 1),
                () -> m.run(in, 0, 1, new float[1000], 0),
                () -> m.run(FloatBuffer.wrap(in), 1),
                () -> m.run(MemorySegment.ofArray(in), 1),
                () -> m.profile(in, 1, 1),
                m::steps);
        for (Runnable p : paths) {
            IllegalStateException e = assertThrows(IllegalStateException.class, p::run);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void closeDuringCallsLetsThemFinishOrFailCleanly() throws Exception {
        CompiledModel m = compile(2);
        float[] in = new float[PER_IMAGE];
        float[] expected = m.run(in, 1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch running = new CountDownLatch(4);
        AtomicInteger completed = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(callers.submit(() -> {
                float[] out = new float[1000];
                running.countDown();
                while (true) {
                    try {
                        m.run(in, 0, 1, out, 0);
                    } catch (IllegalStateException closed) {
                        return null; // the only allowed failure
                    }
                    assertArrayEquals(expected, out, "a call that ran must give the right logits");
                    completed.incrementAndGet();
                }
            }));
        }
        running.await();
        while (completed.get() < 8) Thread.onSpinWait();
        m.close();
        for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS); // any other exception fails here
        callers.shutdown();
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    }
}
