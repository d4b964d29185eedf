package dev.shufflenet.panama.cli;

import java.util.ArrayList;
import java.util.List;

/** Softmax probabilities of one image's logits and its k most probable classes. */
final class TopK {
    record Entry(int classIndex, double probability, float logit) {}

    private TopK() {}

    /** The k best classes of {@code logits[offset, offset + classes)}, most probable first (ties: lower index first). */
    static List<Entry> of(float[] logits, int offset, int classes, int k) {
        // Softmax in double after subtracting the max: exp never overflows and the sum keeps its precision.
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < classes; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[classes];
        double sum = 0;
        for (int i = 0; i < classes; i++) {
            p[i] = Math.exp(logits[offset + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < classes; i++) p[i] /= sum;
        boolean[] taken = new boolean[classes];
        List<Entry> top = new ArrayList<>();
        for (int r = 0; r < Math.min(k, classes); r++) {
            int best = -1;
            for (int i = 0; i < classes; i++) if (!taken[i] && (best < 0 || p[i] > p[best])) best = i;
            taken[best] = true;
            top.add(new Entry(best, p[best], logits[offset + best]));
        }
        return top;
    }
}
