package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FloatBuffer and MemorySegment forms give exactly the float[] form's logits (the same kernels on
 * the same numbers: bit-identical), and every wrong size is refused naming expected and found.
 */
class CompiledModelInputFormsTest {
    static final int BATCH = 2, H = 48, W = 40, PER_IMAGE = 3 * H * W;
    static CompiledModel model;
    static float[] input;
    static float[] expected;

    @BeforeAll
    static void compile() {
        model = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), CompileOptions.defaults().withInputSize(H, W)
                .withMaxBatch(BATCH).withBackend(Backend.JAVA));
        input = new float[BATCH * PER_IMAGE];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < input.length; i++) input[i] = (float) r.nextDouble(-1, 1);
        expected = model.run(input, BATCH);
    }

    @AfterAll
    static void close() { model.close(); }

    @Test
    void nativeSegmentInAndOut() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT, input.length);
            MemorySegment.copy(input, 0, in, ValueLayout.JAVA_FLOAT, 0, input.length);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, BATCH * 1000L);
            for (int rep = 0; rep < 3; rep++) { // again with the pooled staging arrays warm
                model.run(in, BATCH, out);
                assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_FLOAT));
            }
            assertArrayEquals(expected, model.run(in, BATCH));
            // One image of the two: the first half of the input segment.
            float[] first = model.run(in.asSlice(0, PER_IMAGE * 4L), 1);
            float[] expectedFirst = java.util.Arrays.copyOf(expected, 1000);
            assertArrayEquals(expectedFirst, first);
        }
    }

    @Test
    void directAndHeapFloatBuffers() {
        FloatBuffer direct = ByteBuffer.allocateDirect(input.length * 4 + 8).order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.position(2).mark();
        direct.put(input).reset(); // data from position 2
        FloatBuffer out = ByteBuffer.allocateDirect(BATCH * 4000).order(ByteOrder.nativeOrder()).asFloatBuffer();
        model.run(direct, BATCH, out);
        assertEquals(2, direct.position(), "the input position is left alone");
        assertEquals(0, out.position(), "the output position is left alone");
        float[] got = new float[BATCH * 1000];
        out.get(0, got);
        assertArrayEquals(expected, got);

        float[] padded = new float[input.length + 5];
        System.arraycopy(input, 0, padded, 5, input.length);
        FloatBuffer heap = FloatBuffer.wrap(padded, 5, input.length).slice();
        assertArrayEquals(expected, model.run(heap, BATCH));
    }

    @Test
    void wrongSizesNameExpectedAndFound() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(100);
            MemorySegment out = arena.allocate(BATCH * 4000L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.run(small, BATCH, out));
            assertTrue(e.getMessage().contains("2 x 3 x 48 x 40") && e.getMessage().contains(BATCH * PER_IMAGE * 4L + " bytes")
                    && e.getMessage().contains("found 100 bytes"), e.getMessage());
            MemorySegment in = arena.allocate(BATCH * PER_IMAGE * 4L);
            e = assertThrows(IllegalArgumentException.class, () -> model.run(in, BATCH, arena.allocate(7999)));
            assertTrue(e.getMessage().contains("8000 bytes") && e.getMessage().contains("found 7999"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.run(in, 3, out));
            assertTrue(e.getMessage().contains("batch 3") && e.getMessage().contains("[1, 2]"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.run(FloatBuffer.allocate(10), 1));
        assertTrue(e.getMessage().contains(PER_IMAGE + " floats remaining, found 10"), e.getMessage());
    }
}
