package dev.shufflenet.panama.cli;

/**
 * NaN or infinite logits after a run: the input tensor or the model's weights hold non-finite values (or
 * overflow float). The library does not scan inputs (a pass over every call's input); the CLI checks the
 * output, which is small, and exits non-zero with a line that says what happened instead of printing NaN.
 */
final class NonFiniteLogits {
    private NonFiniteLogits() {}

    /** Throws a {@link UserInputException} (exit 2) naming how many logits are not finite and the first one. */
    static void refuse(String model, float[] logits, int classes, String whereTheyWent) {
        int bad = 0, first = -1;
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad == 0) return;
        throw new UserInputException(model + ": " + bad + " of " + logits.length + " logits are NaN or infinite (first: "
                + logits[first] + " at image " + first / classes + ", class " + first % classes + "; logits "
                + whereTheyWent + "); the input or the model's weights hold NaN or infinite values, or overflow float");
    }
}
