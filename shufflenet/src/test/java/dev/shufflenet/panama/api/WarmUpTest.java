package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.WarmUp;
import dev.shufflenet.panama.graph.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up inside compile (CompileOptions.warmUp) leaves the logits exactly as without it, and stops at
 * its run bound and its time bound. The Java backend, so that no calibration picks a different GEMM
 * between the two compiles: the same kernels on the same input give the same bits.
 */
class WarmUpTest {
    static final int H = 32;

    private static CompileOptions options(int threads) {
        return CompileOptions.defaults().withInputSize(H, H).withThreads(threads).withBackend(Backend.JAVA);
    }

    private static float[] image(long seed) {
        float[] x = new float[3 * H * H];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void warmUpChangesNoLogit(int threads) {
        Graph graph = ShuffleNet.builtIn("v2-0.5");
        float[] in = image(7);
        float[] cold;
        try (CompiledModel m = CompiledModel.compile(graph, options(threads))) {
            assertSame(WarmUp.Report.NONE, m.warmUpReport());
            cold = m.run(in, 1);
        }
        try (CompiledModel m = CompiledModel.compile(graph, options(threads).withWarmUp(WarmUp.upTo(20, Duration.ofMinutes(5))))) {
            assertTrue(m.warmUpReport().runs() >= 1, m.warmUpReport().toString());
            assertArrayEquals(cold, m.run(in, 1), "logits after a warm-up must be bit-identical to a cold model's");
        }
    }

    @Test
    void stopsAtItsRunBound() {
        // SteadyRuns needs two windows of runs before it can call them settled, so 5 runs end at the bound.
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"),
                options(1).withWarmUp(WarmUp.upTo(5, Duration.ofMinutes(5))))) {
            assertEquals(5, m.warmUpReport().runs(), m.warmUpReport().toString());
            assertFalse(m.warmUpReport().steady());
        }
    }

    @Test
    void stopsAtItsTimeBoundAfterOneRun() {
        // The bound is checked after each run: 1 ns has passed once the first run is done.
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"),
                options(1).withWarmUp(WarmUp.upTo(1_000_000, Duration.ofNanos(1))))) {
            assertEquals(1, m.warmUpReport().runs(), m.warmUpReport().toString());
            assertFalse(m.warmUpReport().steady());
        }
    }

    @Test
    void defaultsHaveNoWarmUpAndBadBoundsAreRefused() {
        assertSame(WarmUp.NONE, CompileOptions.defaults().warmUp());
        assertFalse(WarmUp.NONE.enabled());
        IllegalArgumentException runs = assertThrows(IllegalArgumentException.class, () -> WarmUp.upTo(-1, Duration.ofSeconds(1)));
        assertTrue(runs.getMessage().contains("-1"), runs.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class, () -> WarmUp.upTo(3, Duration.ZERO));
        assertTrue(time.getMessage().contains("maxTime"), time.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withWarmUp(null));
        assertTrue(none.getMessage().contains("warmUp"), none.getMessage());
    }
}
