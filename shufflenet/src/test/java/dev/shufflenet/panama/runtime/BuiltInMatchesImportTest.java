package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.models.ModelStats;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A built-in architecture and the same architecture exported to ONNX and imported back are the same
 * model: same counts, and the same logits bit for bit (same weights, same plan, same kernels).
 */
class BuiltInMatchesImportTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"v2-0.5", "v2-1.0", "v2-1.5", "v2-2.0", "v1-g3-0.5", "v1-g8-1.0", "mobilenet-v1-1.0",
            "mobilenet-v2-1.0"})
    void builtInAndImportedAgree(String name) throws Exception {
        Graph builtIn = ShuffleNet.builtIn(name);
        Path file = dir.resolve(name + ".onnx");
        ShuffleNet.export(builtIn, file);
        Graph imported = ShuffleNet.load(file);

        ModelStats a = ModelStats.of(builtIn, 224, 224), b = ModelStats.of(imported, 224, 224);
        assertEquals(a.totalMacs(), b.totalMacs());
        assertEquals(a.totalParams(), b.totalParams());

        CompileOptions options = CompileOptions.defaults().withInputSize(64, 64);
        float[] input = TestInputs.images(1, 3, 64, 64, 3);
        try (CompiledModel m1 = CompiledModel.compile(builtIn, options);
             CompiledModel m2 = CompiledModel.compile(imported, options)) {
            assertArrayEquals(m1.run(input, 1), m2.run(input, 1));
        }
    }
}
