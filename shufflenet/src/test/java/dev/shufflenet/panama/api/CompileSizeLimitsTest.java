package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizes are computed in long and a size whose input or workspace cannot exist is refused by compile, with
 * the size, the bytes needed and the limit, instead of wrapping in int or failing on the first run.
 */
class CompileSizeLimitsTest {
    private static final Graph V2 = ShuffleNet.builtIn("v2-0.5");
    private static final CompileOptions JAVA = CompileOptions.defaults().withBackend(Backend.JAVA);

    @Test
    void anInputPastIntIsRefusedAtCompileNotWrapped() {
        // 3 x 30000 x 30000 = 2.7e9 floats: in int it wraps to a negative number.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(V2, JAVA.withInputSize(30000, 30000)));
        String m = e.getMessage();
        assertTrue(m.contains("30000x30000") && m.contains("2700000000 floats = 10800000000 bytes")
                && m.contains("limit of " + CompiledModel.MAX_ARRAY_FLOATS), m);
    }

    @Test
    void aWorkspacePastOneArrayIsRefusedAtCompile() {
        // The input (3 x 20000 x 20000 = 1.2e9 floats) fits, but the first conv's output (24 x 10000 x 10000
        // = 2.4e9 floats) cannot: no workspace can hold it, so compile says so instead of the first run.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(V2, JAVA.withInputSize(20000, 20000)));
        String m = e.getMessage();
        assertTrue(m.contains("20000x20000") && m.contains("workspace") && m.contains("2400000000 floats")
                && m.contains("limit of"), m);
        // A batch pushes a size that fits for one image past the limit.
        long perImage = 24L * 2000 * 2000;
        int batch = (int) (CompiledModel.MAX_ARRAY_FLOATS / perImage) + 1;
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(V2, JAVA.withInputSize(4000, 4000).withMaxBatch(batch)));
        assertTrue(b.getMessage().contains("maxBatch " + batch) && b.getMessage().contains("bytes"), b.getMessage());
    }

    @Test
    void aSizeThatFitsStillCompilesAndRuns() {
        try (CompiledModel m = CompiledModel.compile(V2, JAVA.withInputSize(40, 40).withMaxBatch(2))) {
            assertEquals(2000, m.run(new float[2 * 3 * 40 * 40], 2).length);
            assertTrue(m.workspaceBytesPerImage() * 2 < CompiledModel.MAX_ARRAY_FLOATS * Float.BYTES);
        }
    }
}
