package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorShapeProto;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ONNX file's fixed input height and width are the compile size; dynamic ones take any size. */
class DeclaredInputSizeTest {
    @TempDir Path dir;

    @Test
    void fixedSizeIsTheDefaultAndAnotherSizeIsRefused() throws Exception {
        Path file = exportWithInputSize(96, 80);
        Graph g = ShuffleNet.load(file);
        assertEquals(96, g.declaredHeight());
        assertEquals(80, g.declaredWidth());
        CompileOptions java = CompileOptions.defaults().withBackend(Backend.JAVA);
        try (CompiledModel m = CompiledModel.compile(g, java)) {
            assertEquals(96, m.height());
            assertEquals(80, m.width());
        }
        try (CompiledModel m = CompiledModel.compile(g, java.withInputSize(96, 80))) { // the same size, asked for
            assertEquals(96, m.height());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.compile(g, java.withInputSize(224, 224)));
        assertTrue(e.getMessage().contains("96x80") && e.getMessage().contains("224x224"), e.getMessage());
    }

    @Test
    void theTorchvisionExportIsFixedAt224() {
        Graph g;
        try {
            g = ShuffleNet.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        assertEquals(224, g.declaredHeight());
        assertThrows(IllegalArgumentException.class, () -> CompiledModel.compile(g,
                CompileOptions.defaults().withInputSize(160, 160).withBackend(Backend.JAVA)));
    }

    @Test
    void dynamicSizeCompilesAtAnySizeAnd224ByDefault() throws Exception {
        Path file = dir.resolve("dynamic.onnx");
        ShuffleNet.export(ShuffleNet.builtIn("v2-0.5"), file); // the exporter writes N, H and W as symbols
        Graph g = ShuffleNet.load(file);
        assertEquals(0, g.declaredHeight());
        CompileOptions java = CompileOptions.defaults().withBackend(Backend.JAVA);
        try (CompiledModel m = CompiledModel.compile(g, java)) {
            assertEquals(224, m.height());
            assertEquals(224, m.width());
        }
        try (CompiledModel m = CompiledModel.compile(g, java.withInputSize(64, 48))) {
            assertEquals(64, m.height());
            assertEquals(48, m.width());
            assertEquals(1000, m.run(new float[3 * 64 * 48], 1).length);
        }
    }

    /** The built-in v2-0.5 exported, with its input's H and W then fixed in the file. */
    private Path exportWithInputSize(int h, int w) throws Exception {
        Path dynamic = dir.resolve("d.onnx");
        ShuffleNet.export(ShuffleNet.builtIn("v2-0.5"), dynamic);
        ModelProto.Builder model = ModelProto.parseFrom(Files.readAllBytes(dynamic)).toBuilder();
        TensorShapeProto.Builder shape = model.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                .getTensorTypeBuilder().getShapeBuilder();
        shape.setDim(2, TensorShapeProto.Dimension.newBuilder().setDimValue(h));
        shape.setDim(3, TensorShapeProto.Dimension.newBuilder().setDimValue(w));
        Path fixed = dir.resolve("fixed.onnx");
        Files.write(fixed, model.build().toByteArray());
        return fixed;
    }
}
