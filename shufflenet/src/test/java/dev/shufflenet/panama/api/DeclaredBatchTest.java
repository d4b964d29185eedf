package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ONNX file's fixed batch is the only batch its model runs at (ONNX Runtime refuses another too): the
 * graph carries it, a compile with another maxBatch and a run at another batch are refused by name.
 */
class DeclaredBatchTest {
    private static final int BATCH = 3, SIZE = 64;
    @TempDir Path dir;

    @Test
    void fixedBatchIsCarriedAndOtherBatchesAreRefused() throws Exception {
        Path dynamicFile = dir.resolve("dynamic.onnx");
        ShuffleNet.export(ShuffleNet.builtIn("v2-0.5"), dynamicFile);
        Graph dynamic = ShuffleNet.load(dynamicFile);
        Graph fixed = ShuffleNet.load(withFixedBatch(dynamicFile, BATCH));
        assertEquals(0, dynamic.declaredBatch());
        assertEquals(BATCH, fixed.declaredBatch());

        CompileOptions java = CompileOptions.defaults().withInputSize(SIZE, SIZE).withBackend(Backend.JAVA);
        for (int maxBatch : new int[] {1, BATCH + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CompiledModel.compile(fixed, java.withMaxBatch(maxBatch)));
            assertTrue(e.getMessage().contains("fixes its batch at " + BATCH)
                    && e.getMessage().contains("maxBatch " + maxBatch), e.getMessage());
        }

        float[] x = new float[BATCH * 3 * SIZE * SIZE];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        try (CompiledModel f = CompiledModel.compile(fixed, java.withMaxBatch(BATCH));
             CompiledModel d = CompiledModel.compile(dynamic, java.withMaxBatch(BATCH))) {
            // At its own batch the fixed model is the same network as the dynamic one: the same bits.
            assertArrayEquals(d.run(x, BATCH), f.run(x, BATCH));
            for (int batch : new int[] {1, BATCH - 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.run(x, batch));
                assertTrue(e.getMessage().contains("batch " + batch) && e.getMessage().contains("of " + BATCH),
                        e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> f.run(x, 0, batch, new float[BATCH * 1000], 0));
                assertThrows(IllegalArgumentException.class, () -> f.profile(x, batch, 1));
            }
        }
    }

    private Path withFixedBatch(Path dynamic, int batch) throws Exception {
        ModelProto.Builder model = ModelProto.parseFrom(Files.readAllBytes(dynamic)).toBuilder();
        TensorShapeProto.Builder shape = model.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                .getTensorTypeBuilder().getShapeBuilder();
        shape.setDim(0, TensorShapeProto.Dimension.newBuilder().setDimValue(batch));
        Path fixed = dir.resolve("fixed-batch.onnx");
        Files.write(fixed, model.build().toByteArray());
        return fixed;
    }
}
