package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.onnx.proto.OnnxProto.GraphProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.NodeProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ValueInfoProto;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX IR's rule that a graph's nodes are topologically sorted (each node after the producers of its
 * inputs), which onnx.checker enforces and ONNX Runtime does not (it sorts the graph itself). Strict
 * import refuses a node that reads a later node's output; lenient import converts the nodes in a
 * topological order (the file's order wherever it is already valid) and says so. A cycle has no order:
 * refused in both modes. Run after OnnxModelChecker, so every value has one producer.
 */
final class TopologicalOrder {
    private TopologicalOrder() {}

    /** The indices of g's nodes in the order to convert them. */
    static List<Integer> of(GraphProto g, String source, Validation v) {
        int n = g.getNodeCount();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < n; i++)
            for (String out : g.getNode(i).getOutputList()) if (!out.isEmpty()) producer.putIfAbsent(out, i);
        Set<String> given = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) given.add(in.getName());
        for (TensorProto t : g.getInitializerList()) given.add(t.getName());

        List<Integer> fileOrder = new ArrayList<>(n);
        int firstLate = -1;
        String lateInput = null;
        for (int i = 0; i < n && firstLate < 0; i++) {
            for (String in : g.getNode(i).getInputList()) {
                Integer p = given.contains(in) ? null : producer.get(in);
                if (p != null && p >= i) {
                    firstLate = i;
                    lateInput = in;
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) fileOrder.add(i);
        if (firstLate < 0) return fileOrder;

        // Kahn's algorithm, always taking the lowest ready index: the file's order where it is valid.
        int[] pending = new int[n];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : g.getNode(i).getInputList()) {
                Integer p = given.contains(in) ? null : producer.get(in);
                if (p != null && deps.add(p)) readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
            pending[i] = deps.size();
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < n; i++) if (pending[i] == 0) ready.add(i);
        List<Integer> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int r : readers.getOrDefault(i, List.of())) if (--pending[r] == 0) ready.add(r);
        }
        NodeProto late = g.getNode(firstLate);
        String where = source + ": node #" + firstLate + (late.getName().isEmpty() ? "" : " '" + late.getName() + "'")
                + " (" + late.getOpType() + ")";
        int p = producer.get(lateInput);
        String detail = "input '" + lateInput + "' is produced by " + (p == firstLate ? "this node itself" : "node #" + p
                + " (" + g.getNode(p).getOpType() + "), which comes later") + "; expected the nodes in topological order";
        if (order.size() < n)
            throw Validation.refuse(where, "topological-order", detail + ", and the graph has a cycle ("
                    + (n - order.size()) + " nodes on or after it), so no order exists");
        v.tolerable(where, "topological-order", detail + " (lenient: the nodes are converted in a topological order,"
                + " as ONNX Runtime does)");
        return order;
    }
}
