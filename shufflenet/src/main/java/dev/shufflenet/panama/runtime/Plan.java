package dev.shufflenet.panama.runtime;

import java.util.List;

/**
 * The result of planning: the steps in order, the workspace size per image of capacity, and the shape
 * of the input and output. Immutable; shared by every thread that runs the model.
 */
record Plan(List<Step> steps, long floatsPerImage, long peakLiveFloatsPerImage, int inputChannels, int height,
            int width, int[] outputShape, List<Buffer> buffers) {

    /** Floats of the output per image: classes for a classifier, C*H*W for a feature map. */
    int outputPerImage() {
        long n = 1;
        for (int i = 1; i < outputShape.length; i++) n *= outputShape[i];
        return Math.toIntExact(n); // the workspace check at compile bounds every tensor below 2^31
    }

    /** Fits an int: compile refuses a size whose input image exceeds one Java array (computed in long there). */
    int inputPerImage() { return Math.toIntExact((long) inputChannels * height * width); }
}
