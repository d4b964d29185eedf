package dev.shufflenet.panama.classify;

/**
 * One class of a classification: its index in the logits, its name, its softmax probability and the raw
 * logit.
 */
public record Prediction(int classIndex, String label, double probability, float logit) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "(%s, %.4f)", label, probability);
    }
}
