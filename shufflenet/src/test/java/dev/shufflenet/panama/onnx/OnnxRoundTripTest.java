package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static dev.shufflenet.panama.onnx.GraphAssertions.assertClose;
import static dev.shufflenet.panama.onnx.GraphAssertions.assertSameGraph;
import static dev.shufflenet.panama.onnx.OnnxTestModels.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Export then import gives back the same graph; ONNX Runtime runs every exported op as the IR means it. */
class OnnxRoundTripTest {

    @Test
    void referenceModelSurvivesExportAndImport(@TempDir Path dir) throws IOException {
        Graph original = OnnxImporter.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        Path file = dir.resolve("v2.onnx");
        OnnxExporter.write(original, file);
        assertSameGraph(original, OnnxImporter.load(file));
    }

    @Test
    void exportIsAStandardModel() throws IOException {
        ModelProto m = ModelProto.parseFrom(OnnxExporter.toBytes(everyOp()));
        assertEquals(8, m.getIrVersion());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals("input", m.getGraph().getInput(0).getName());
        var inDims = m.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertEquals("N", inDims.get(0).getDimParam());
        assertEquals(6, inDims.get(1).getDimValue());
        assertEquals("H", inDims.get(2).getDimParam());
        assertEquals("W", inDims.get(3).getDimParam());
        assertEquals("logits", m.getGraph().getOutput(0).getName());
        var outDims = m.getGraph().getOutput(0).getType().getTensorType().getShape().getDimList();
        assertEquals(2, outDims.size());
        assertEquals(5, outDims.get(1).getDimValue());
        m.getGraph().getInitializerList().forEach(t -> assertEquals(0, t.getFloatDataCount() + t.getInt64DataCount(),
                t.getName() + " should use raw_data"));
    }

    @Test
    void graphWithEveryOpSurvivesExportAndImport() {
        Graph g = everyOp();
        assertSameGraph(g, OnnxImporter.read(OnnxExporter.toBytes(g), "every-op.onnx"));
    }

    /**
     * Different batches and odd sizes show the export (especially the shuffle's Reshape) is shape-agnostic.
     * Tolerance 1e-5 of the largest output: sums here have at most 54 terms of size ~1, so float32
     * rounding in ONNX Runtime stays near 1e-6.
     */
    @ParameterizedTest
    @CsvSource({"1, 16, 16", "3, 17, 23", "2, 9, 12"})
    void onnxRuntimeRunsTheExportLikeTheInterpreter(int n, int h, int w) {
        Graph g = everyOp();
        float[] x = random(new Random(n * 1000 + h), n * 6 * h * w, 1.0);
        float[] expected = NaiveInterpreter.run(g, x, n, h, w);
        float[] actual = OnnxRuntimeRunner.run(OnnxExporter.toBytes(g), x, n, 6, h, w);
        assertClose(expected, actual, 1e-5, "ONNX Runtime vs interpreter at " + n + "x6x" + h + "x" + w);
    }

    @Test
    void spatialOutputsAndUnbiasedLayersExportToo() {
        Random rnd = new Random(7);
        GraphBuilder b = new GraphBuilder("spatial", "x", 4);
        Value y = b.add("conv", new Op.Conv2d(6, 4, 1, 3, 1, 2, 0, 1, 0, 1, 1, random(rnd, 6 * 4 * 3, 0.5), null), b.input());
        y = b.add("pool", new Op.GlobalAvgPool(true), y);
        Graph g = b.build(y);
        assertSameGraph(g, OnnxImporter.read(OnnxExporter.toBytes(g), "spatial.onnx"));
        float[] x = random(rnd, 2 * 4 * 5 * 8, 1.0);
        assertClose(NaiveInterpreter.run(g, x, 2, 5, 8), OnnxRuntimeRunner.run(OnnxExporter.toBytes(g), x, 2, 4, 5, 8),
                1e-5, "ONNX Runtime vs interpreter");
    }

    /** Every IR op once, with weights that are neither symmetric nor trivial. */
    static Graph everyOp() {
        Random rnd = new Random(42);
        GraphBuilder b = new GraphBuilder("every-op", "image", 6);
        Value x = b.input();
        // grouped conv, stride 2, asymmetric pads, with bias
        Value conv = b.add("grouped_conv", new Op.Conv2d(12, 6, 3, 3, 2, 2, 1, 0, 2, 1, 3,
                random(rnd, 12 * 2 * 9, 0.5), random(rnd, 12, 0.1)), x);
        Value bn = b.add("bn", new Op.BatchNorm(OnnxTestModels.positive(rnd, 12, 0.5, 1.5), random(rnd, 12, 0.2),
                random(rnd, 12, 0.3), OnnxTestModels.positive(rnd, 12, 0.5, 2.0), 1e-3f), conv);
        Value relu = b.add("relu", new Op.Relu(), bn);
        Value shuffled = b.add("shuffle", new Op.ChannelShuffle(3), relu);
        Value left = b.add("left", new Op.ChannelSlice(0, 5), shuffled);
        Value right = b.add("right", new Op.ChannelSlice(5, 12), shuffled);
        Value dw = b.add("depthwise", Op.Conv2d.square(7, 7, 3, 1, 1, 7, random(rnd, 7 * 9, 0.5), null), right);
        Value joined = b.add("concat", new Op.Concat(), left, dw);
        Value maxPooled = b.add("maxpool", new Op.MaxPool(3, 2, 1, 1, 1, 0, 1, 1), joined);
        Value avgIncl = b.add("avgpool_incl", new Op.AvgPool(3, 3, 1, 1, 1, 1, 1, 1, true), maxPooled);
        Value avgExcl = b.add("avgpool_excl", new Op.AvgPool(3, 3, 1, 1, 1, 1, 1, 1, false), maxPooled);
        Value sum = b.add("add", new Op.Add(), avgIncl, avgExcl);
        Value pooled = b.add("gap", new Op.GlobalAvgPool(true), sum);
        Value flat = b.add("flatten", new Op.Flatten(), pooled);
        Value fc = b.add("fc", new Op.Linear(9, 12, random(rnd, 9 * 12, 0.5), random(rnd, 9, 0.1)), flat);
        Value fc2 = b.add("fc_nobias", new Op.Linear(5, 9, random(rnd, 5 * 9, 0.5), null), fc);
        Value probs = b.add("softmax", new Op.Softmax(), fc2);
        // A second head through ReduceMean (GlobalAvgPool without kept dims), joined by Add.
        Value gap2 = b.add("gap_flat", new Op.GlobalAvgPool(false), maxPooled);
        Value fc3 = b.add("fc_side", new Op.Linear(5, 12, random(rnd, 5 * 12, 0.5), random(rnd, 5, 0.1)), gap2);
        Value out = b.add("out", new Op.Add(), probs, fc3);
        return b.build(out);
    }
}
