package dev.shufflenet.panama.parallel;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerTeamTest {
    @Test
    void runsEveryTileExactlyOnceForManyRegions() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (WorkerTeam team = new WorkerTeam(threads, 50_000)) {
                assertTrue(team.tryAcquire());
                try {
                    for (int count : new int[] {1, 2, 3, 7, 64, 1000}) {
                        for (int rep = 0; rep < 200; rep++) {
                            AtomicIntegerArray hits = new AtomicIntegerArray(count);
                            team.run(hits::incrementAndGet, count);
                            for (int i = 0; i < count; i++)
                                assertEquals(1, hits.get(i), "threads " + threads + ", tile " + i + " of " + count);
                        }
                    }
                } finally {
                    team.release();
                }
            }
        }
    }

    @Test
    void parkedWorkersWakeForTheNextRegion() throws InterruptedException {
        try (WorkerTeam team = new WorkerTeam(3, 0)) { // no spin: workers park at once
            assertTrue(team.tryAcquire());
            try {
                for (int rep = 0; rep < 50; rep++) {
                    Thread.sleep(1);
                    AtomicInteger sum = new AtomicInteger();
                    team.run(t -> sum.addAndGet(t + 1), 10);
                    assertEquals(55, sum.get());
                }
            } finally {
                team.release();
            }
        }
    }

    @Test
    void usesTheWorkersNotOnlyTheCaller() {
        try (WorkerTeam team = new WorkerTeam(2, 1_000_000_000L)) {
            assertTrue(team.tryAcquire());
            try {
                Thread caller = Thread.currentThread();
                AtomicInteger onWorker = new AtomicInteger();
                CountDownLatch both = new CountDownLatch(2);
                // Two tiles that each wait for the other: only two distinct threads can finish them.
                team.run(t -> {
                    if (Thread.currentThread() != caller) onWorker.incrementAndGet();
                    both.countDown();
                    try {
                        assertTrue(both.await(10, TimeUnit.SECONDS), "the second tile never ran in parallel");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, 2);
                assertEquals(1, onWorker.get());
            } finally {
                team.release();
            }
        }
    }

    @Test
    void rethrowsATileFailureOnTheCallerAndStaysUsable() {
        try (WorkerTeam team = new WorkerTeam(2, 100_000)) {
            assertTrue(team.tryAcquire());
            try {
                IllegalArgumentException boom = new IllegalArgumentException("tile 5 failed");
                IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> team.run(t -> {
                    if (t == 5) throw boom;
                }, 20));
                assertSame(boom, thrown);
                AtomicIntegerArray hits = new AtomicIntegerArray(20);
                team.run(hits::incrementAndGet, 20);
                for (int i = 0; i < 20; i++) assertEquals(1, hits.get(i));
            } finally {
                team.release();
            }
        }
    }

    @Test
    void aSecondCallerDoesNotGetTheTeam() throws Exception {
        try (WorkerTeam team = new WorkerTeam(2, 100_000)) {
            assertTrue(team.tryAcquire());
            try {
                Thread other = new Thread(() -> assertFalse(team.tryAcquire()));
                other.start();
                other.join();
            } finally {
                team.release();
            }
            assertThrows(IllegalStateException.class, () -> team.run(t -> {}, 2), "run without holding the team");
        }
    }

    @Test
    void closeWaitsForTheRegionInFlightAndThenRefusesTheTeam() {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            WorkerTeam team = new WorkerTeam(2, 100_000);
            CountDownLatch inRegion = new CountDownLatch(1);
            AtomicInteger done = new AtomicInteger();
            Thread caller = new Thread(() -> {
                assertTrue(team.tryAcquire());
                try {
                    team.run(t -> {
                        inRegion.countDown();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        done.incrementAndGet();
                    }, 2);
                } finally {
                    team.release();
                }
            });
            caller.start();
            assertTrue(inRegion.await(10, TimeUnit.SECONDS));
            team.close();
            caller.join();
            assertEquals(2, done.get(), "the region in flight finished");
            assertTrue(team.isClosed());
            assertFalse(team.tryAcquire());
            team.close(); // twice is harmless
        });
    }

    @Test
    void aWarmRegionAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (WorkerTeam team = new WorkerTeam(2, 1_000_000L)) {
            assertTrue(team.tryAcquire());
            try {
                int[] sink = new int[64];
                WorkerTeam.Tiles tiles = t -> sink[t]++;
                for (int i = 0; i < 20_000; i++) team.run(tiles, 64); // C2 compiles run() and the worker loop
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1000; i++) team.run(tiles, 64);
                long after = mx.getCurrentThreadAllocatedBytes();
                assertEquals(0, after - before, "bytes allocated by the caller over 1000 warm regions");
            } finally {
                team.release();
            }
        }
    }

    @Test
    void refusesNonsenseSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerTeam(0, 0));
        assertTrue(e.getMessage().contains("1 to 1024 threads, found 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WorkerTeam(100_000, 0));
        assertTrue(e.getMessage().contains("found 100000"), e.getMessage());
    }
}
