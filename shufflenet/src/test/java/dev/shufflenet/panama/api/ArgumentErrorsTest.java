package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad arguments to the public API are an IllegalArgumentException whose message names the argument and
 * the values, thrown before any allocation: never NegativeArraySizeException, NumberFormatException, a
 * bare NullPointerException or a null message.
 */
class ArgumentErrorsTest {
    private static final int SIZE = 32;

    @Test
    void batchOutsideTheRangeIsNamedBeforeAnyAllocation() {
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), CompileOptions.defaults()
                .withInputSize(SIZE, SIZE).withMaxBatch(2).withBackend(Backend.JAVA))) {
            float[] x = new float[2 * 3 * SIZE * SIZE];
            for (int batch : new int[] {-1, 0, 3, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                String expected = "batch " + batch + " is outside [1, 2]";
                refused(expected, () -> m.run(x, batch));
                refused(expected, () -> m.run(x, 0, batch, new float[2000], 0));
                refused(expected, () -> m.run(FloatBuffer.wrap(x), batch));
                refused(expected, () -> m.run(MemorySegment.ofArray(x), batch));
                refused(expected, () -> m.profile(x, batch, 1));
            }
            refused("repetitions must be positive, found 0", () -> m.profile(x, 1, 0));
            refused("batch -1 is outside [1, 2]", () -> m.outputShape(-1));
            refused("input must hold", () -> m.run((float[]) null, 1));
        }
    }

    @Test
    void optionsNameTheValueAndTheRange() {
        CompileOptions o = CompileOptions.defaults();
        refused("threads must be from 1 to 1024, found 100000", () -> o.withThreads(100000));
        refused("threads must be from 1 to 1024, found 0", () -> o.withThreads(0));
        refused("maxBatch must be positive, found -1", () -> o.withMaxBatch(-1));
        refused("input height and width must be positive, found -5x7", () -> o.withInputSize(-5, 7));
        refused("backend must not be null", () -> o.withBackend(null));
        refused("graph must not be null", () -> CompiledModel.compile(null, o));
        refused("options must not be null", () -> CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), null));
    }

    @Test
    void builtInNamesTheValidNames() {
        refused("unknown built-in model 'v1-g99999999999-1.0'; known: [v2-0.5", () -> ShuffleNet.builtIn("v1-g99999999999-1.0"));
        refused("unknown built-in model 'v1-g7-1.0'", () -> ShuffleNet.builtIn("v1-g7-1.0"));
        refused("unknown built-in model 'v2-9.9'", () -> ShuffleNet.builtIn("v2-9.9"));
        refused("built-in model name must not be null; known: [v2-0.5", () -> ShuffleNet.builtIn(null));
        refused("ONNX file path must not be null", () -> ShuffleNet.load(null));
        refused("model name or path must not be null", () -> ShuffleNet.resolve(null));
        refused("graph must not be null", () -> ShuffleNet.export(null, java.nio.file.Path.of("x.onnx")));
    }

    @Test
    void graphBuildingBlocksNameTheirBadArguments() {
        refused("MaxPool: kernel and stride must be positive, found kernel 3x3, stride 0x2",
                () -> new dev.shufflenet.panama.graph.Op.MaxPool(3, 3, 0, 2, 0, 0, 0, 0));
        refused("AvgPool: pads must be >= 0", () -> dev.shufflenet.panama.graph.Op.AvgPool.square(3, 1, -1, true));
        refused("Conv2d: kernel and stride must be positive", () -> dev.shufflenet.panama.graph.Op.Conv2d.square(
                4, 4, 0, 1, 0, 1, new float[0], null));
        refused("BatchNorm: scale must not be null", () -> new dev.shufflenet.panama.graph.Op.BatchNorm(
                null, new float[1], new float[1], new float[1], 1e-5f));
        refused("Linear: weight must not be null", () -> new dev.shufflenet.panama.graph.Op.Linear(2, 2, null, null));
        refused("node name must not be null", () -> new dev.shufflenet.panama.graph.Node(null,
                new dev.shufflenet.panama.graph.Op.Relu(), java.util.List.of(), java.util.List.of()));
        refused("input channels must be positive, found 0", () -> new dev.shufflenet.panama.graph.GraphBuilder("g", "x", 0)
                .build(new dev.shufflenet.panama.graph.Value("x")));
    }

    private static void refused(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertNotNull(e.getMessage(), "a refusal must say why");
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
