package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;

import java.util.List;

/**
 * An imported ONNX file: the graph to compile, the input as the file declares it (fixed sizes to check
 * against the compile size and batch), and what a lenient import tolerated (empty for a strict import,
 * which refuses instead).
 */
public record OnnxModel(Graph graph, DeclaredInput input, List<String> tolerated) {
    public OnnxModel {
        tolerated = List.copyOf(tolerated);
    }
}
