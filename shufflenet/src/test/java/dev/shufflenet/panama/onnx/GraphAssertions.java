package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of IR graphs and of float outputs shared by the ONNX tests. */
final class GraphAssertions {
    private GraphAssertions() {}

    /**
     * Same nodes in the same order, with the same names, ops (every field; float arrays bit for bit) and
     * wiring (each input is the graph input or the output of the same-named producer).
     */
    static void assertSameGraph(Graph expected, Graph actual) {
        assertEquals(expected.inputChannels(), actual.inputChannels(), "input channels");
        List<Node> e = expected.nodes(), a = actual.nodes();
        assertEquals(names(e), names(a), "node names in order");
        for (int i = 0; i < e.size(); i++) {
            Node en = e.get(i), an = a.get(i);
            assertSameOp(en.op(), an.op(), "node " + en.name());
            assertEquals(sources(expected, en), sources(actual, an), "inputs of node " + en.name());
        }
        assertEquals(sourceOf(expected, expected.output()), sourceOf(actual, actual.output()), "graph output");
    }

    static void assertSameOp(Op expected, Op actual, String where) {
        assertEquals(expected.getClass(), actual.getClass(), where + ": op type");
        for (RecordComponent c : expected.getClass().getRecordComponents()) {
            Object x, y;
            try {
                x = c.getAccessor().invoke(expected);
                y = c.getAccessor().invoke(actual);
            } catch (ReflectiveOperationException ex) {
                throw new AssertionError(ex);
            }
            if (x instanceof float[] fx) {
                if (!(y instanceof float[] fy)) fail(where + ": " + c.getName() + " expected an array, found " + y);
                else assertArrayEquals(bits(fx), bits(fy), where + ": " + c.getName() + " differs in its bits");
            } else {
                assertEquals(x, y, where + ": " + c.getName());
            }
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    private static List<String> sources(Graph g, Node n) {
        List<String> out = new ArrayList<>();
        for (Value v : n.inputs()) out.add(sourceOf(g, v));
        return out;
    }

    private static String sourceOf(Graph g, Value v) {
        Node p = g.producer(v);
        return p == null ? "<graph input>" : p.name() + "#" + p.outputs().indexOf(v);
    }

    /**
     * |actual - expected| <= tolerance * max|expected| element-wise, reporting the worst element.
     */
    static void assertClose(float[] expected, float[] actual, double relativeTolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        double limit = relativeTolerance * Math.max(scale, 1e-30);
        int worst = 0;
        double worstErr = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            if (!(err <= worstErr)) { worst = i; worstErr = err; } // NaN counts as worst
        }
        if (!(worstErr <= limit))
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst] + " (error "
                    + worstErr + " > " + relativeTolerance + " * max|expected| " + scale + " = " + limit + ")");
    }
}
