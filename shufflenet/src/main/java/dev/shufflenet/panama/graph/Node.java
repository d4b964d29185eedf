package dev.shufflenet.panama.graph;

import java.util.List;

/** One op applied to named inputs, producing named outputs. */
public record Node(String name, Op op, List<Value> inputs, List<Value> outputs) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Value output() {
        if (outputs.size() != 1) throw new IllegalStateException("node " + name + " has " + outputs.size() + " outputs");
        return outputs.get(0);
    }

    public Value input() { return inputs.get(0); }

    @Override public String toString() { return op.kind() + " '" + name + "'"; }
}
