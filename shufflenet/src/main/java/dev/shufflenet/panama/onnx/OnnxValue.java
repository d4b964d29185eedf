package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Value;

/**
 * What the importer knows about one ONNX value while it walks the nodes. Shapes are the probe shapes:
 * the input's declared batch (or 1) and spatial size (or 224 where dynamic) pushed through the graph,
 * which is what lets Shape -> Gather -> ... -> Reshape arithmetic be evaluated at import time.
 */
sealed interface OnnxValue {

    /** Contents known at import: weights, Constants, results of shape arithmetic. */
    record Known(ConstTensor tensor) implements OnnxValue {}

    /** A runtime tensor that exists in the IR as {@code value}. */
    record Tensor(Value value, int[] shape) implements OnnxValue {}

    /** A runtime result that has no IR op of its own yet; only some consumers can absorb it. */
    sealed interface Pending extends OnnxValue {
        int[] shape();
        /** Why it cannot be used as a plain tensor, for error messages. */
        String explanation();
    }

    /** First step of a channel shuffle: source [N,C,...] reshaped to [N, g, C/g, spatial...]. */
    record GroupedView(Tensor source, int[] shape) implements Pending {
        public String explanation() {
            return "a Reshape of '" + source.value() + "' to " + java.util.Arrays.toString(shape)
                    + ", which is supported only as the first step of a channel shuffle"
                    + " (Reshape -> Transpose swapping axes 1 and 2 -> Reshape back)";
        }
    }

    /** Second step of a channel shuffle: the grouped view with axes 1 and 2 swapped. */
    record TransposedGroups(Tensor source, int groups, int[] shape, String transposeNodeName,
                            boolean transposeOwnName) implements Pending {
        public String explanation() {
            return "a transposed channel grouping of '" + source.value() + "', which is supported only when a"
                    + " Reshape back to " + java.util.Arrays.toString(source.shape()) + " follows (channel shuffle)";
        }
    }

    /** x[N,K] times a constant [K,M]; becomes a Linear, with the bias of a following Add if there is one. */
    record MatMulResult(Tensor source, int outFeatures, float[] weight, String nodeName, boolean ownName) implements Pending {
        public int[] shape() { return new int[] {source.shape()[0], outFeatures}; }
        public String explanation() { return "a MatMul result"; }
    }

    /** An output the importer does not produce (training-only statistics, pooling indices, dropout masks). */
    record Unavailable(String reason) implements OnnxValue {}
}
