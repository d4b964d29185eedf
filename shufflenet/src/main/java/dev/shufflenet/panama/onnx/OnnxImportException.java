package dev.shufflenet.panama.onnx;

/**
 * An ONNX model that this library cannot read: not an ONNX file, or a node, attribute or shape outside
 * what the graph IR can express. The message names the file, the node (name and op type) where there is
 * one, and what was expected against what was found.
 */
public class OnnxImportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
