package dev.shufflenet.panama.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network as a list of nodes in topological order, with one image input ([N, C, H, W] float32,
 * NCHW) and one output. This is what the ONNX importer and the built-in architectures produce and
 * what the planner compiles. Immutable once built.
 */
public final class Graph {
    private final String name;
    private final Value input;
    private final int inputChannels;
    private final Value output;
    private final List<Node> nodes;
    private final int declaredHeight;
    private final int declaredWidth;
    private final String weightsNote;

    public Graph(String name, Value input, int inputChannels, Value output, List<Node> nodes) {
        this(name, input, inputChannels, output, nodes, 0, 0, null);
    }

    private Graph(String name, Value input, int inputChannels, Value output, List<Node> nodes, int declaredHeight,
                  int declaredWidth, String weightsNote) {
        this.name = name;
        this.input = input;
        this.inputChannels = inputChannels;
        this.output = output;
        this.nodes = List.copyOf(nodes);
        this.declaredHeight = declaredHeight;
        this.declaredWidth = declaredWidth;
        this.weightsNote = weightsNote;
        validate();
    }

    /**
     * This graph with the input height and width its source fixes (an ONNX file's declared input shape);
     * 0 for a dimension the source leaves dynamic.
     */
    public Graph withDeclaredInputSize(int height, int width) {
        if (height < 0 || width < 0)
            throw new IllegalArgumentException("declared input size must be >= 0 (0 = dynamic), found " + height + "x" + width);
        return new Graph(name, input, inputChannels, output, nodes, height, width, weightsNote);
    }

    /** This graph marked as having made-up weights, described by {@code note} (e.g. "seeded random weights, seed 1234"). */
    public Graph withSyntheticWeights(String note) {
        return new Graph(name, input, inputChannels, output, nodes, declaredHeight, declaredWidth,
                java.util.Objects.requireNonNull(note, "note"));
    }

    /** The input height the source fixes, or 0 when it is dynamic (or the source says nothing). */
    public int declaredHeight() { return declaredHeight; }

    /** The input width the source fixes, or 0 when it is dynamic (or the source says nothing). */
    public int declaredWidth() { return declaredWidth; }

    /**
     * Present when the weights are not trained ones (the built-in architectures' seeded random weights):
     * what they are. Such a model's "classes" mean nothing.
     */
    public java.util.Optional<String> syntheticWeights() { return java.util.Optional.ofNullable(weightsNote); }

    public String name() { return name; }
    public Value input() { return input; }
    public int inputChannels() { return inputChannels; }
    public Value output() { return output; }
    public List<Node> nodes() { return nodes; }

    /** The node that produces v, or null for the graph input. */
    public Node producer(Value v) {
        for (Node n : nodes) if (n.outputs().contains(v)) return n;
        return null;
    }

    /** Nodes that read v, in order. */
    public List<Node> consumers(Value v) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) if (n.inputs().contains(v)) out.add(n);
        return out;
    }

    /** How many times each value is read (graph output counts as one read). */
    public Map<Value, Integer> useCounts() {
        Map<Value, Integer> uses = new HashMap<>();
        for (Node n : nodes) for (Value v : n.inputs()) uses.merge(v, 1, Integer::sum);
        uses.merge(output, 1, Integer::sum);
        return uses;
    }

    private void validate() {
        Set<Value> defined = new HashSet<>();
        defined.add(input);
        Set<String> names = new HashSet<>();
        for (Node n : nodes) {
            for (Value v : n.inputs()) {
                if (!defined.contains(v))
                    throw new IllegalArgumentException("graph " + name + ": node " + n + " reads '" + v
                            + "' before it is produced");
            }
            for (Value v : n.outputs()) {
                if (!defined.add(v))
                    throw new IllegalArgumentException("graph " + name + ": value '" + v + "' is produced twice");
            }
            if (!names.add(n.name()))
                throw new IllegalArgumentException("graph " + name + ": node name '" + n.name() + "' is used twice");
        }
        if (!defined.contains(output))
            throw new IllegalArgumentException("graph " + name + ": output '" + output + "' is never produced");
    }
}
