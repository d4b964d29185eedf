package dev.shufflenet.panama.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

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
 * <p>Validation follows ONNX Runtime's checker: IR version 1 to {@value OnnxModelChecker#MAX_IR_VERSION},
 * one default-domain opset entry, unique node names, each value defined once, each op's output count,
 * attribute lengths, and input dimensions that a float array can hold. {@link Options#lenient()} tolerates
 * the rules that do not change the result and lists them in {@link OnnxModel#tolerated()}.
 *
 * <p>Files are read whole, at most {@link Options#maxModelBytes()} bytes (default
 * {@value #DEFAULT_MAX_MODEL_BYTES}, 1 GiB, or the system property {@value #MAX_MODEL_BYTES_PROPERTY}); only
 * regular files are opened, so a FIFO or a device is refused instead of blocking or filling the heap.
 *
 * <p>Anything else fails with an {@link OnnxImportException} naming the file, the node and what was
 * expected against what was found.
 */
public final class OnnxImporter {
    /** Default largest model file: 1 GiB (the largest ShuffleNet is under 30 MB). */
    public static final long DEFAULT_MAX_MODEL_BYTES = 1L << 30;
    /** System property that overrides {@link #DEFAULT_MAX_MODEL_BYTES}, in bytes. */
    public static final String MAX_MODEL_BYTES_PROPERTY = "shufflenet.onnx.maxBytes";
    /** A byte[] (and so protobuf's parser) cannot hold more. */
    static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    private OnnxImporter() {}

    /**
     * How to import: strict (refuse whatever ONNX Runtime's checker refuses) or lenient (tolerate the
     * checker-only rules, listed in {@link OnnxModel#tolerated()}), and the largest file to read.
     */
    public record Options(boolean isLenient, long maxModelBytes) {
        public Options {
            if (maxModelBytes <= 0 || maxModelBytes > ARRAY_LIMIT)
                throw new IllegalArgumentException("maxModelBytes must be 1 to " + ARRAY_LIMIT
                        + " (the largest byte array), found " + maxModelBytes);
        }

        /** Strict, with the default size limit (or the system property's). */
        public static Options strict() { return new Options(false, defaultMaxModelBytes()); }

        /** Lenient, with the default size limit (or the system property's). */
        public static Options lenient() { return new Options(true, defaultMaxModelBytes()); }

        public Options withMaxModelBytes(long bytes) { return new Options(isLenient, bytes); }
    }

    /** The size limit in force: {@value #MAX_MODEL_BYTES_PROPERTY} if set, else 1 GiB. */
    public static long defaultMaxModelBytes() {
        String p = System.getProperty(MAX_MODEL_BYTES_PROPERTY);
        if (p == null || p.isBlank()) return DEFAULT_MAX_MODEL_BYTES;
        try {
            return Long.parseLong(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + MAX_MODEL_BYTES_PROPERTY
                    + " must be a byte count, found '" + p + "'", e);
        }
    }

    /** Strict import of a file; the graph only. */
    public static Graph load(Path file) throws IOException {
        return loadModel(file, Options.strict()).graph();
    }

    /** Import of a file, strict or lenient; the graph only (see {@link #loadModel} for what was tolerated). */
    public static Graph load(Path file, boolean lenient) throws IOException {
        return loadModel(file, lenient ? Options.lenient() : Options.strict()).graph();
    }

    /**
     * Imports a file: refuses anything but a regular file (checked before it is opened, so a FIFO cannot
     * block) and files over the size limit (checked before reading).
     */
    public static OnnxModel loadModel(Path file, Options options) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            String kind = attributes.isDirectory() ? "a directory"
                    : attributes.isOther() ? "a FIFO, socket or device" : "not a regular file";
            throw new OnnxImportException(file + ": not a regular file (found " + kind + "); expected an ONNX"
                    + " model file");
        }
        long size = attributes.size();
        if (size > options.maxModelBytes()) throw tooLarge(file.toString(), size + " bytes", options);
        try (InputStream in = Files.newInputStream(file)) {
            return readModel(in, file.toString(), options);
        }
    }

    /** Strict import of a stream (read to its end, at most the default size limit). */
    public static Graph read(InputStream in, String sourceName) throws IOException {
        return readModel(in, sourceName, Options.strict()).graph();
    }

    /** Reads at most the size limit plus one byte, and refuses the stream if that last byte exists. */
    public static OnnxModel readModel(InputStream in, String sourceName, Options options) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(options.maxModelBytes() + 1, ARRAY_LIMIT));
        if (bytes.length > options.maxModelBytes())
            throw tooLarge(sourceName, "more than " + options.maxModelBytes() + " bytes", options);
        return readModel(bytes, sourceName, options);
    }

    /** Strict parse and conversion; {@code sourceName} (usually the file name) prefixes every error message. */
    public static Graph read(byte[] bytes, String sourceName) {
        return readModel(bytes, sourceName, Options.strict()).graph();
    }

    public static OnnxModel readModel(byte[] bytes, String sourceName, Options options) {
        if (bytes.length > options.maxModelBytes()) throw tooLarge(sourceName, bytes.length + " bytes", options);
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
        Validation validation = new Validation(options.isLenient());
        return OnnxGraphConverter.convert(model, sourceName, validation);
    }

    private static OnnxImportException tooLarge(String source, String found, Options options) {
        return new OnnxImportException(source + ": model too large: found " + found + ", the limit is "
                + options.maxModelBytes() + " bytes (set -D" + MAX_MODEL_BYTES_PROPERTY + "=<bytes> to raise it, up to "
                + ARRAY_LIMIT + ")");
    }
}
