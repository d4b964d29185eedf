package dev.shufflenet.panama.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Softmax probabilities of one image's logits, and its k most probable classes. */
public final class Softmax {
    private Softmax() {}

    /**
     * Softmax of {@code logits[offset, offset + classes)}, in double after subtracting the largest logit,
     * so that exp never overflows and the sum keeps its precision.
     */
    public static double[] probabilities(float[] logits, int offset, int classes) {
        if (classes <= 0) throw new IllegalArgumentException("classes must be positive, found " + classes);
        if (offset < 0 || (long) offset + classes > logits.length)
            throw new IllegalArgumentException("logits must hold " + classes + " floats from offset " + offset
                    + ", found length " + logits.length);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < classes; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[classes];
        double sum = 0;
        for (int i = 0; i < classes; i++) {
            p[i] = Math.exp(logits[offset + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < classes; i++) p[i] /= sum;
        return p;
    }

    /**
     * The k most probable classes of {@code logits[offset, offset + classes)}, most probable first (ties:
     * lower index first), named by {@code labels}.
     */
    public static List<Prediction> topK(float[] logits, int offset, int classes, int k, IntFunction<String> labels) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive, found " + k);
        double[] p = probabilities(logits, offset, classes);
        boolean[] taken = new boolean[classes];
        List<Prediction> top = new ArrayList<>();
        for (int r = 0; r < Math.min(k, classes); r++) {
            int best = -1;
            for (int i = 0; i < classes; i++) if (!taken[i] && (best < 0 || p[i] > p[best])) best = i;
            taken[best] = true;
            top.add(new Prediction(best, labels.apply(best), p[best], logits[offset + best]));
        }
        return top;
    }

    /** Labels for a model's classes: the ImageNet names for 1000 classes, else "class N". */
    public static IntFunction<String> labelsFor(int classes) {
        return classes == ImageNetLabels.CLASSES ? ImageNetLabels::of : i -> "class " + i;
    }
}
