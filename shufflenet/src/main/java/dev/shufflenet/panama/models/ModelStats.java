package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multiply-adds and weight counts per layer, counted the way the ShuffleNet papers count "FLOPs":
 * multiply-adds of convolutions and fully connected layers for one image; parameters are conv and FC
 * weights and biases plus batch-norm scale and shift (torchvision's parameter count; running
 * statistics are buffers, not parameters).
 */
public record ModelStats(String model, int height, int width, List<Layer> layers) {

    public record Layer(String name, String kind, int[] outputShape, long macs, long params) {}

    public long totalMacs() { return layers.stream().mapToLong(Layer::macs).sum(); }

    public long totalParams() { return layers.stream().mapToLong(Layer::params).sum(); }

    public static ModelStats of(Graph g, int height, int width) {
        Map<Value, int[]> shapes = ShapeInference.infer(g, 1, height, width);
        List<Layer> layers = new ArrayList<>();
        for (Node n : g.nodes()) {
            int[] out = shapes.get(n.outputs().get(0));
            long macs = 0;
            long params = 0;
            switch (n.op()) {
                case Op.Conv2d c -> {
                    long perOutput = (long) (c.inChannels() / c.groups()) * c.kernelH() * c.kernelW();
                    macs = perOutput * c.outChannels() * out[2] * out[3];
                    params = c.weight().length + (c.bias() == null ? 0 : c.bias().length);
                }
                case Op.Linear l -> {
                    macs = (long) l.inFeatures() * l.outFeatures();
                    params = l.weight().length + (l.bias() == null ? 0 : l.bias().length);
                }
                case Op.BatchNorm bn -> params = 2L * bn.channels();
                default -> { }
            }
            layers.add(new Layer(n.name(), n.op().kind(), out, macs, params));
        }
        return new ModelStats(g.name(), height, width, List.copyOf(layers));
    }
}
