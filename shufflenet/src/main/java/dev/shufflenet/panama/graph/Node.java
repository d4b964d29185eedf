package dev.shufflenet.panama.graph;

import java.util.List;

/** One op applied to named inputs, producing named outputs. */
public record Node(String name, Op op, List<Value> inputs, List<Value> outputs) {
    public Node {
        if (name == null) throw new IllegalArgumentException("node name must not be null");
        if (op == null) throw new IllegalArgumentException("node " + name + ": op must not be null");
        if (inputs == null || outputs == null)
            throw new IllegalArgumentException("node " + name + ": inputs and outputs must not be null");
        if (inputs.isEmpty()) throw new IllegalArgumentException("node " + name + ": needs at least one input");
        for (Value v : inputs) if (v == null) throw new IllegalArgumentException("node " + name + ": an input is null");
        for (Value v : outputs) if (v == null) throw new IllegalArgumentException("node " + name + ": an output is null");
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
