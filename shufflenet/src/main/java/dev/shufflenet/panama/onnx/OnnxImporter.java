package dev.shufflenet.panama.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX model into the graph IR.
 *
 * <p>Supported: one float32 [N, C, H, W] input (C fixed, N, H and W may be dynamic), the default ONNX
 * domain up to opset {@value OnnxGraphConverter#MAX_OPSET}, and the ops a ShuffleNet (v1 from Caffe2, v2
 * from PyTorch) and similar CNNs use: Conv, BatchNormalization, Relu, MaxPool, AveragePool,
 * GlobalAveragePool, ReduceMean over H and W, Flatten, Concat, Slice and Split along channels, the
 * channel shuffle written as Reshape -> Transpose -> Reshape, Add, Sum, Gemm, MatMul + Add, Softmax,
 * Identity and Dropout. Shape arithmetic (Shape, Gather, Cast, Unsqueeze, ...) is evaluated at import
 * time against a probe input: the declared batch or 1, the declared H and W or 224.
 *
 * <p>Anything else fails with an {@link OnnxImportException} naming the file, the node and what was
 * expected against what was found.
 */
public final class OnnxImporter {
    private OnnxImporter() {}

    public static Graph load(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    public static Graph read(InputStream in, String sourceName) throws IOException {
        return read(in.readAllBytes(), sourceName);
    }

    /** Parses and converts; {@code sourceName} (usually the file name) prefixes every error message. */
    public static Graph read(byte[] bytes, String sourceName) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(sourceName + ": not an ONNX model (" + bytes.length
                    + " bytes that do not parse as an ONNX ModelProto: " + e.getMessage() + ")", e);
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0)
            throw new OnnxImportException(sourceName + ": not an ONNX model (expected an ir_version and a graph with"
                    + " nodes, found ir_version " + model.getIrVersion() + " and "
                    + (model.hasGraph() ? model.getGraph().getNodeCount() + " nodes" : "no graph") + ")");
        return OnnxGraphConverter.convert(model, sourceName);
    }
}
