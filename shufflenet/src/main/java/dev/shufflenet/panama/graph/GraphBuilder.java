package dev.shufflenet.panama.graph;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Graph} node by node; each add returns the new output value(s). */
public final class GraphBuilder {
    private final String graphName;
    private final Value input;
    private final int inputChannels;
    private final List<Node> nodes = new ArrayList<>();
    private int counter;

    public GraphBuilder(String graphName, String inputName, int inputChannels) {
        this.graphName = graphName;
        this.input = new Value(inputName);
        this.inputChannels = inputChannels;
    }

    public Value input() { return input; }

    /** Adds a single-output node. */
    public Value add(String nodeName, Op op, Value... inputs) {
        Value out = new Value(nodeName + ":out");
        nodes.add(new Node(nodeName, op, List.of(inputs), List.of(out)));
        return out;
    }

    /** Adds a single-output node whose output gets an explicit name. */
    public Value addNamed(String nodeName, String outputName, Op op, Value... inputs) {
        Value out = new Value(outputName);
        nodes.add(new Node(nodeName, op, List.of(inputs), List.of(out)));
        return out;
    }

    /** Adds a node with given outputs (for importers that keep the file's value names). */
    public void addNode(Node node) { nodes.add(node); }

    /** A fresh node name with the given prefix. */
    public String fresh(String prefix) { return prefix + "_" + (counter++); }

    public Graph build(Value output) {
        return new Graph(graphName, input, inputChannels, output, nodes);
    }
}
