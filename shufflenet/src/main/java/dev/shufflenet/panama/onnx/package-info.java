/**
 * ONNX import and export for the graph IR.
 *
 * <p>{@link dev.shufflenet.panama.onnx.OnnxImporter} reads a model: it walks the nodes in order, keeps
 * each ONNX value as a known constant (weights, Constants, shape arithmetic evaluated against a probe
 * input shape) or as a run-time tensor in the IR, and recognises multi-node patterns (the channel
 * shuffle's Reshape -> Transpose -> Reshape, MatMul + Add). What the IR cannot express is refused with an
 * {@link dev.shufflenet.panama.onnx.OnnxImportException} naming file, node and mismatch.
 *
 * <p>{@link dev.shufflenet.panama.onnx.OnnxExporter} writes standard opset-17 models that ONNX Runtime
 * loads, valid for any batch and image size.
 */
package dev.shufflenet.panama.onnx;
