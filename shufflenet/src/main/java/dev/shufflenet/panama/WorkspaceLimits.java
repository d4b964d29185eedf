package dev.shufflenet.panama;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;

import java.util.Map;

/**
 * The compile-time size check: refuses, before any planning, calibration or allocation, a size whose
 * input batch or workspace cannot exist as one Java float array. All arithmetic is in long, so a size such
 * as 30000 x 30000 (3 x H x W = 2.7e9, past int) is named as too large rather than wrapping into a small
 * number that a later check misreads. The planner's exact workspace size is checked again by the engine
 * once planned; this pass uses a lower bound (the largest single tensor) so that a hopeless size is
 * refused before the calibrator times GEMMs of that shape.
 */
final class WorkspaceLimits {
    private WorkspaceLimits() {}

    static void check(Graph graph, int height, int width, int maxBatch) {
        long limit = CompiledModel.MAX_ARRAY_FLOATS;
        String size = height + "x" + width;
        long inputPerImage = (long) graph.inputChannels() * height * width;
        refuseOver("the input of " + maxBatch + " x " + graph.inputChannels() + " x " + size, inputPerImage,
                maxBatch, limit, size);
        Map<Value, int[]> shapes = ShapeInference.infer(graph, 1, height, width);
        long largest = 0;
        Value largestValue = graph.input();
        for (Map.Entry<Value, int[]> e : shapes.entrySet()) {
            long floats = 1;
            int[] shape = e.getValue();
            for (int i = 1; i < shape.length; i++) floats *= shape[i];
            if (floats > largest) {
                largest = floats;
                largestValue = e.getKey();
            }
        }
        refuseOver("the workspace (at least its largest tensor, '" + largestValue + "', for " + maxBatch
                + " image(s))", largest, maxBatch, limit, size);
    }

    private static void refuseOver(String what, long floatsPerImage, int maxBatch, long limit, String size) {
        long floats = floatsPerImage * maxBatch; // both well below 2^31: no overflow in long
        if (floats > limit)
            throw new IllegalArgumentException("input size " + size + " with maxBatch " + maxBatch + " is too large: "
                    + what + " needs " + floats + " floats = " + floats * Float.BYTES + " bytes, over the limit of "
                    + limit + " floats = " + limit * Float.BYTES + " bytes (one Java float array per call)");
    }
}
