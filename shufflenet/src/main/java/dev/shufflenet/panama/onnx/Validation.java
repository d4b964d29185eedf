package dev.shufflenet.panama.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * How one import treats ONNX rules that ONNX Runtime's checker enforces but that do not change what this
 * importer computes (a duplicate node name, a scalar where a 1-D tensor is due, an IR version newer than
 * any published). Strict (the default) refuses them like any other error; lenient records each one and
 * goes on, so a user can run a slightly broken file and still learn what is wrong with it.
 *
 * <p>One rule is this importer's own, not the checker's: float constants must be finite (FiniteWeights).
 * ONNX allows a NaN weight, but no trained model has one, and the logits it gives depend on the runtime;
 * lenient import keeps it and says so.
 *
 * <p>Rules whose violation would make the result ambiguous (a value defined twice, non-zero pads beside
 * auto_pad, a fixed input size other than the compile size) are refused in both modes.
 */
final class Validation {
    private final boolean lenient;
    private final List<String> tolerated = new ArrayList<>();

    Validation(boolean lenient) { this.lenient = lenient; }

    boolean lenient() { return lenient; }

    /** A checker-only rule: refused when strict, recorded when lenient. {@code where} is file, or file: node. */
    void tolerable(String where, String rule, String detail) {
        String message = where + ": " + detail + " [rule: " + rule + "]";
        if (!lenient) throw new OnnxImportException(message + "; a lenient import tolerates it"
                + " (OnnxImporter.Options.lenient(), --lenient)");
        tolerated.add(message);
    }

    /** A rule that both modes enforce. */
    static OnnxImportException refuse(String where, String rule, String detail) {
        return new OnnxImportException(where + ": " + detail + " [rule: " + rule + "]");
    }

    List<String> tolerated() { return List.copyOf(tolerated); }
}
