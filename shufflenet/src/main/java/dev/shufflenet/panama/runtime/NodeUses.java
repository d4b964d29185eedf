package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Value;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who produces and who reads each value of a rewritten node list (by index in the list), and how many
 * reads it has (the graph output counts as one). The rewrite passes update it as they move edges.
 */
final class NodeUses {
    private final Value graphOutput;
    private final Map<Value, Integer> uses = new HashMap<>();
    private final Map<Value, Integer> producer = new HashMap<>();
    private final Map<Value, Integer> reader = new HashMap<>();

    NodeUses(Graph graph, List<FusedNode> nodes) {
        this.graphOutput = graph.output();
        for (int i = 0; i < nodes.size(); i++) {
            for (Value v : nodes.get(i).node().inputs()) {
                uses.merge(v, 1, Integer::sum);
                reader.put(v, i);
            }
            for (Value v : nodes.get(i).node().outputs()) producer.put(v, i);
        }
        uses.merge(graphOutput, 1, Integer::sum);
    }

    int uses(Value v) { return uses.getOrDefault(v, 0); }

    /** True when exactly one node reads v and v is not the graph's output. */
    boolean singleReader(Value v) { return uses(v) == 1 && !v.equals(graphOutput); }

    /** Index of v's producer, or -1 for the graph input. */
    int producer(Value v) { return producer.getOrDefault(v, -1); }

    /** Index of a node that reads v (the only one when {@link #singleReader} holds), or -1. */
    int reader(Value v) { return reader.getOrDefault(v, -1); }

    void moveProducer(Value v, int index) { producer.put(v, index); }

    void moveReader(Value v, int index) { reader.put(v, index); }
}
