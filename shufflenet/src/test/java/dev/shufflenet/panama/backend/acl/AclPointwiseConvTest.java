package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.testing.WarmAllocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.shufflenet.panama.backend.PointwiseReference.*;
import static dev.shufflenet.panama.backend.acl.AclReference.assumeShimLoaded;
import static org.junit.jupiter.api.Assertions.*;

/** The ACL pointwise conv against double loops (linux-aarch64 with the shim only; skipped elsewhere). */
class AclPointwiseConvTest {
    private AclPointwiseConv kernel;

    @BeforeEach
    void needsShim() {
        assumeShimLoaded();
        kernel = AclPointwiseConv.ifAvailable().orElseThrow();
    }

    @ParameterizedTest(name = "pixels={0} m={1} k={2} strides={3}/{4} bias={5} relu={6}")
    @CsvSource({
            // ShuffleNet v2 1.0x at 224x224, batch 1 (pixels, out channels, in channels)
            "3136, 58, 24, 24, 58, true, true",
            "784, 58, 58, 116, 116, true, true",    // reads one half of a concatenation, writes into another
            "196, 116, 116, 232, 232, true, true",
            "49, 232, 232, 464, 464, true, true",
            "49, 1024, 464, 464, 1024, true, true",
            "1, 1000, 1024, 1024, 1000, true, false", // the classifier
            // awkward: no size a multiple of a vector, one channel, strides far past the width
            "53, 13, 29, 31, 17, true, false",
            "7, 1, 1, 3, 2, false, true",
            "30, 5, 70, 71, 9, false, false",
    })
    void wholeRangeMatchesLoop(int pixels, int m, int k, int inStride, int outStride, boolean withBias, boolean relu) {
        check(pixels, m, k, inStride, outStride, withBias, relu, List.of(0, pixels));
    }

    @Test
    void rangesAsThreadsGetThemWriteOnlyTheirPixels() {
        // Three ranges of a 14x14 map and an empty one; only pixels [5, 180) are computed.
        check(196, 116, 58, 120, 233, true, true, List.of(5, 70, 70, 133, 180));
    }

    private void check(int pixels, int m, int k, int inStride, int outStride, boolean withBias, boolean relu,
                       List<Integer> bounds) {
        long seed = 131L * pixels + 17L * m + k;
        int inOff = 3, outOff = 2;
        float[] in = random(inOff + (pixels - 1) * inStride + k + 4, seed);
        float[] w = random(m * k, seed + 1), bias = withBias ? random(m, seed + 2) : null;
        float[] out = sentinels(outOff + (pixels - 1) * outStride + m + 4);
        try (AclPointwiseConv.Packed packed = kernel.pack(w, bias, m, k)) {
            for (int rep = 0; rep < 2; rep++)  // the second pass reuses the configured handles
                for (int i = 0; i + 1 < bounds.size(); i++)
                    kernel.run(packed, in, inOff, inStride, out, outOff, outStride, bounds.get(i), bounds.get(i + 1), relu);
            long distinctSizes = java.util.stream.IntStream.range(0, bounds.size() - 1)
                    .map(i -> bounds.get(i + 1) - bounds.get(i)).filter(n -> n > 0).distinct().count();
            assertEquals(distinctSizes, packed.handleCount(), "one handle per distinct range size, reused");
        }
        checkPointwise(kernel.name(), in, inOff, inStride, w, bias, m, k, out, outOff, outStride, bounds.getFirst(),
                bounds.getLast(), relu, p -> true);
    }

    @Test
    void concurrentRangesGiveTheSameFloatsAsSequentialOnes() throws Exception {
        int pixels = 784, m = 116, k = 116, threads = 4, chunk = pixels / threads;
        float[] in = random(pixels * k, 9), w = random(m * k, 10), bias = random(m, 11);
        float[] sequential = new float[pixels * m], concurrent = new float[pixels * m];
        try (AclPointwiseConv.Packed packed = kernel.pack(w, bias, m, k)) {
            for (int t = 0; t < threads; t++)
                kernel.run(packed, in, 0, k, sequential, 0, m, t * chunk, (t + 1) * chunk, true);
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int rep = 0; rep < 3; rep++) {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int begin = t * chunk;
                        done.add(pool.submit(() -> kernel.run(packed, in, 0, k, concurrent, 0, m, begin, begin + chunk, true)));
                    }
                    for (Future<?> f : done) f.get();
                    assertArrayEquals(sequential, concurrent, "pass " + rep);
                }
            }
        }
    }

    /** The hot path: once a range's handle is configured, a run allocates nothing (no key object, no segment). */
    @Test
    void warmRunsAllocateNothing() {
        int pixels = 49, m = 58, k = 24;
        float[] in = random(pixels * k, 3), w = random(m * k, 4), bias = random(m, 5), out = new float[pixels * m];
        try (AclPointwiseConv.Packed packed = kernel.pack(w, bias, m, k)) {
            long bytes = WarmAllocation.bytesOnceWarm(() -> {
                for (int i = 0; i < 200; i++) {
                    kernel.run(packed, in, 0, k, out, 0, m, 0, 20, true);
                    kernel.run(packed, in, 0, k, out, 0, m, 20, pixels, true);
                }
            }, 1, 2_000_000_000L, 60_000_000_000L);
            assertEquals(0, bytes, "bytes allocated by 400 warm runs");
        }
    }

    @Test
    void refusesForeignWeightsAndShortViews() {
        var foreign = new dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv().pack(new float[4], null, 2, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(foreign, new float[4], 0, 2, new float[4], 0, 2, 0, 2, false));
        assertTrue(e.getMessage().contains("packed by another kernel"), e.getMessage());
        try (AclPointwiseConv.Packed packed = kernel.pack(new float[6], null, 2, 3)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.run(packed, new float[8], 0, 3, new float[6], 0, 2, 0, 3, false));
            assertTrue(e.getMessage().contains("input view needs 9 floats"), e.getMessage());
        }
    }
}
