package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;

/**
 * Convs of the guideline networks: with a bias and an optional ReLU, as a deployed network runs after batch
 * norms are folded. Weights are He-normal behind a ReLU and LeCun-normal without one, so activations keep
 * their scale through the stack whichever way a variant goes.
 */
final class GuidelineLayers {
    private final GraphBuilder b;
    private final SeededWeights weights;

    GuidelineLayers(GraphBuilder b, long seed) {
        this.b = b;
        this.weights = new SeededWeights(seed);
    }

    GraphBuilder builder() { return b; }

    Value conv(String name, Value x, int in, int out, int kernel, int groups, boolean relu) {
        int fanIn = in / groups * kernel * kernel;
        int count = out * (in / groups) * kernel * kernel;
        // heNormal draws std sqrt(2 / fanIn); doubling the fan-in gives LeCun's sqrt(1 / fanIn).
        float[] w = weights.heNormal(count, relu ? fanIn : 2 * fanIn);
        Value y = b.add(name, Op.Conv2d.square(out, in, kernel, 1, kernel / 2, groups, w, weights.normal(out, 0.1)), x);
        return relu ? b.add(name + "_relu", new Op.Relu(), y) : y;
    }
}
