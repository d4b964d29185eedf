package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java kernels compute every output element with the same operations in the same order whatever range
 * of units a thread is given, so the logits must be bit-identical for any thread count: at batch 1 (the
 * intra-op schedule), at batches below the thread count (its other schedules) and at batches that do not
 * divide evenly among threads (image-parallel with unequal parts).
 */
class ThreadCountDeterminismTest {
    private static final int[] THREADS = {2, 3, 4, 5, 8};
    private static final int[] BATCHES = {1, 2, 3, 7};

    @ParameterizedTest
    @ValueSource(strings = {"v2-0.5", "v2-1.0", "v1-g3-0.5", "v1-g8-0.5", "v1-g1-0.5", "v1-g2-1.0", "v1-g4-0.5"})
    void builtInLogitsAreBitIdenticalFrom1To8Threads(String model) {
        // 96x96 keeps every stage (stage 4 is 3x3) and halves of odd row counts, at a tenth of the time.
        check(ShuffleNet.builtIn(model), 96, 96);
    }

    @org.junit.jupiter.api.Test
    void torchvisionImportIsBitIdenticalFrom1To8Threads() throws IOException {
        check(ShuffleNet.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL)), 224, 224);
    }

    /** Regions cut into four tiles per thread (handed out by the team's counter) give the same bits too. */
    @ParameterizedTest
    @ValueSource(strings = {"v2-0.5", "v1-g3-0.5"})
    void fourTilesPerThreadAreBitIdenticalToOneThread(String model) {
        String before = System.getProperty(Executor.TILES_PROPERTY);
        System.setProperty(Executor.TILES_PROPERTY, "4"); // read when a model is compiled
        try {
            check(ShuffleNet.builtIn(model), 96, 96);
        } finally {
            if (before == null) System.clearProperty(Executor.TILES_PROPERTY);
            else System.setProperty(Executor.TILES_PROPERTY, before);
        }
    }

    private static void check(Graph g, int h, int w) {
        int maxBatch = BATCHES[BATCHES.length - 1];
        float[] input = TestInputs.images(maxBatch, 3, h, w, 7);
        CompileOptions options = CompileOptions.defaults().withInputSize(h, w).withMaxBatch(maxBatch)
                .withBackend(Backend.JAVA);
        float[][] expected = new float[maxBatch + 1][];
        try (CompiledModel one = CompiledModel.compile(g, options.withThreads(1))) {
            for (int b : BATCHES) expected[b] = one.run(input, b);
        }
        for (int t : THREADS) {
            try (CompiledModel m = CompiledModel.compile(g, options.withThreads(t))) {
                for (int b : BATCHES) {
                    for (int rep = 0; rep < 3; rep++) {
                        float[] got = m.run(input, b);
                        assertArrayEquals(bits(expected[b]), bits(got),
                                g.name() + ": " + t + " threads, batch " + b + ", run " + rep);
                    }
                }
            }
        }
        assertTrue(expected[1].length > 0);
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Float.floatToRawIntBits(x[i]);
        return out;
    }
}
