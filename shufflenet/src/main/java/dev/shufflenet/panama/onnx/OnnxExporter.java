package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.OperatorSetIdProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a graph as a standard, self-contained ONNX model (IR version 8, opset 17) that ONNX Runtime
 * and other tools load: input "input" [N, C, H, W] with N, H and W symbolic, output "logits", weights as
 * raw_data initializers. Every IR op maps to standard ONNX ops; the channel shuffle becomes
 * Reshape -> Transpose -> Reshape with shapes that work for any batch and image size.
 */
public final class OnnxExporter {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final String INPUT_NAME = "input";
    public static final String OUTPUT_NAME = "logits";

    private OnnxExporter() {}

    public static void write(Graph g, Path file) throws IOException {
        Files.write(file, toBytes(g));
    }

    public static byte[] toBytes(Graph g) {
        return toModel(g).toByteArray();
    }

    static ModelProto toModel(Graph g) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("shufflenet-panama")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(new OnnxGraphWriter(g).write())
                .build();
    }
}
