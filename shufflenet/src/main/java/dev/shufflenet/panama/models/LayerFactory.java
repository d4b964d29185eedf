package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * Adds the layer groups the built-in networks are made of (conv + batch norm [+ ReLU or ReLU6]) with
 * seeded weights.
 */
final class LayerFactory {
    private final GraphBuilder b;
    private final SeededWeights weights;

    LayerFactory(GraphBuilder b, long seed) {
        this.b = b;
        this.weights = new SeededWeights(seed);
    }

    GraphBuilder builder() { return b; }

    /** Conv (no bias, as torchvision) + BatchNorm, then ReLU if asked. */
    Value convBn(String name, Value x, int in, int out, int kernel, int stride, int groups, boolean relu) {
        int fanIn = in / groups * kernel * kernel;
        float[] w = weights.heNormal(out * (in / groups) * kernel * kernel, fanIn);
        Value y = b.add(name, Op.Conv2d.square(out, in, kernel, stride, kernel / 2, groups, w, null), x);
        y = b.add(name + "_bn", batchNorm(out), y);
        return relu ? b.add(name + "_relu", new Op.Relu(), y) : y;
    }

    /** Conv (no bias) + BatchNorm + ReLU6, as Clip(0, 6): MobileNet's layer (torchvision's Conv2dNormActivation). */
    Value convBnRelu6(String name, Value x, int in, int out, int kernel, int stride, int groups) {
        Value y = convBn(name, x, in, out, kernel, stride, groups, false);
        return b.add(name + "_relu6", Op.Clip.relu6(), y);
    }

    Op.BatchNorm batchNorm(int channels) {
        return new Op.BatchNorm(weights.uniform(channels, 0.5, 1.5), weights.normal(channels, 0.1),
                weights.normal(channels, 0.1), weights.uniform(channels, 0.5, 1.5), 1e-5f);
    }

    Op.Linear linear(int out, int in) {
        // torchvision initialises classifiers with N(0, 0.01): logits of a realistic scale.
        return new Op.Linear(out, in, weights.normal(out * in, 0.01), weights.normal(out, 0.01));
    }
}
