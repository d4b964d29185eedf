package dev.shufflenet.panama.runtime;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffers alive at the same step never share a byte, offsets stay 64-byte aligned, and nothing is wasted wildly. */
class MemoryPlannerTest {

    @RepeatedTest(50)
    void liveBuffersNeverOverlap(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        int steps = 40;
        List<Buffer> buffers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Odd sizes on purpose: alignment must never push a buffer into its neighbour.
            Buffer b = new Buffer(i, "b" + i, 1 + r.nextInt(300), 1 + r.nextInt(50));
            int first = r.nextInt(steps);
            b.touch(first);
            b.touch(Math.min(steps - 1, first + r.nextInt(8)));
            buffers.add(b);
        }
        long total = MemoryPlanner.place(buffers);
        for (Buffer a : buffers) {
            assertEquals(0, a.offsetPerImage() % 16, a + " is not 64-byte aligned");
            assertTrue(a.offsetPerImage() + a.floatsPerImage() <= total, a + " ends past the workspace");
            for (Buffer b : buffers) {
                if (a == b || a.lastStep < b.firstStep || b.lastStep < a.firstStep) continue;
                boolean disjoint = a.offsetPerImage() + a.floatsPerImage() <= b.offsetPerImage()
                        || b.offsetPerImage() + b.floatsPerImage() <= a.offsetPerImage();
                assertTrue(disjoint, a + " and " + b + " are alive together and overlap");
            }
        }
        long peak = MemoryPlanner.peakLive(buffers, steps);
        assertTrue(total <= 2 * peak + 16L * buffers.size(), "workspace " + total + " vs peak live " + peak);
    }
}
