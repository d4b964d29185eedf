package dev.shufflenet.panama.graph;

/**
 * A tensor flowing between nodes. Only its name is fixed by the graph; its shape follows from the
 * input's shape (see {@link ShapeInference}).
 */
public final class Value {
    private final String name;

    public Value(String name) {
        this.name = java.util.Objects.requireNonNull(name, "name");
    }

    public String name() { return name; }

    @Override public String toString() { return name; }
}
