package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intra-op schedule's invariants, on real plans: segments cover every step once and in order; a parallel
 * step's ranges cut [0, units) into contiguous pieces, one per tile of its region and at least one tile per
 * participant; no two buffers of different memory are touched in one region where one is written (what lets
 * participants run out of step); and it saves barriers: fewer regions than steps, and as few with several
 * tiles per participant as with one.
 */
class ScheduleTest {
    @ParameterizedTest(name = "{0} at batch {1} on {2} threads, {3} tiles per thread")
    @CsvSource({"v2-1.0, 1, 2, 1", "v2-1.0, 1, 2, 4", "v2-0.5, 1, 4, 4", "v1-g3-1.0, 1, 2, 1", "v1-g3-1.0, 1, 2, 4",
            "v1-g8-0.5, 2, 3, 2", "v2-1.0, 3, 8, 4"})
    void segmentsCoverTheStepsAndRegionsNeverOverlapWrittenMemory(String model, int batch, int threads, int perThread) {
        KernelSet k = KernelRegistry.best();
        Plan plan = Planner.plan(ShuffleNet.builtIn(model), k, (layer, m, kk, px) -> k.pointwise(), 224, 224, threads);
        List<Step> steps = plan.steps();
        Schedule s = Schedule.plan(steps, batch, threads, Executor.DEFAULT_MIN_COST, perThread);

        assertEquals(0, s.segmentStarts[0]);
        assertEquals(steps.size(), s.segmentStarts[s.segments()]);
        for (int seg = 0; seg < s.segments(); seg++) {
            assertTrue(s.segmentStarts[seg] < s.segmentStarts[seg + 1], "segment " + seg + " is empty");
            for (int i = s.segmentStarts[seg]; i < s.segmentStarts[seg + 1]; i++) {
                int[] b = s.bounds[i];
                if (!s.parallel[seg]) {
                    assertNull(b, "a caller-only step has no ranges");
                    continue;
                }
                assertNotNull(b, steps.get(i).name());
                int tiles = s.tiles[seg];
                assertTrue(tiles >= threads && tiles <= threads * perThread, "tiles " + tiles);
                assertEquals(tiles + 1, b.length, steps.get(i).name());
                assertEquals(0, b[0]);
                assertEquals(steps.get(i).units(batch), b[tiles], steps.get(i).name());
                for (int t = 0; t < tiles; t++) assertTrue(b[t] <= b[t + 1], steps.get(i).name() + " ranges");
            }
            if (s.parallel[seg]) assertNoOverlapWithWrites(steps, s.segmentStarts[seg], s.segmentStarts[seg + 1]);
        }
        assertTrue(s.parallelSegments() < steps.size(), "regions " + s.parallelSegments() + " of " + steps.size()
                + " steps: consecutive per-pixel steps should share regions");
        Schedule fixed = Schedule.plan(steps, batch, threads, Executor.DEFAULT_MIN_COST, 1);
        assertEquals(fixed.parallelSegments(), s.parallelSegments(), "tiles must not cost barriers");
    }

    @org.junit.jupiter.api.Test
    void alignedSplitCutsAtMultiplesOfTheGemmTileAndCoversEveryUnit() {
        for (int units : new int[]{24 * 8, 784, 3136, 197, 1001}) {
            for (int parts : new int[]{2, 3, 8}) {
                if (units < parts * Schedule.PIXEL_ALIGN * 4) continue;
                int[] b = Schedule.alignedSplit(units, parts);
                assertEquals(0, b[0]);
                assertEquals(units, b[parts]);
                for (int t = 1; t < parts; t++) {
                    assertEquals(0, b[t] % Schedule.PIXEL_ALIGN, units + " in " + parts + ": boundary " + b[t]);
                    assertTrue(b[t] > b[t - 1], units + " in " + parts + ": empty range");
                }
                int even = units / parts;
                for (int t = 0; t < parts; t++)
                    assertTrue(Math.abs(b[t + 1] - b[t] - even) <= Schedule.PIXEL_ALIGN, units + " in " + parts);
            }
        }
    }

    private static void assertNoOverlapWithWrites(List<Step> steps, int from, int to) {
        for (int i = from; i < to; i++) {
            for (TensorView w : steps.get(i).writes()) {
                for (int j = from; j < to; j++) {
                    for (TensorView v : concat(steps.get(j).reads(), steps.get(j).writes())) {
                        Buffer a = w.buffer(), b = v.buffer();
                        if (a == b) continue;
                        boolean overlap = a.offsetPerImage() < b.offsetPerImage() + b.floatsPerImage()
                                && b.offsetPerImage() < a.offsetPerImage() + a.floatsPerImage();
                        assertTrue(!overlap, steps.get(i).name() + " writes " + a + ", which shares memory with " + b
                                + " of " + steps.get(j).name() + " in the same region");
                    }
                }
            }
        }
    }

    private static List<TensorView> concat(List<TensorView> a, List<TensorView> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
