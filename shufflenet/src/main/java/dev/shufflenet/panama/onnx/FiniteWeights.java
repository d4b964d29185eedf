package dev.shufflenet.panama.onnx;

import java.util.Arrays;

/**
 * The importer's rule that float constants (initializers and Constant nodes) are finite. ONNX's checker
 * allows NaN and infinities, but none of the ops this importer converts has a use for them (it has no Clip
 * bounds or attention masks), and a trained network never holds one: a NaN weight is a corrupted or
 * broken export. It would also make the result depend on the runtime: a weight tap that only ever meets
 * padding is multiplied here (0 x NaN = NaN, as the ONNX Conv definition with zero padding says), while
 * ONNX Runtime's depthwise kernels skip padded taps and give finite logits. Strict import refuses the
 * file, naming the tensor, the first bad element and its value; lenient import keeps the values and says so.
 */
final class FiniteWeights {
    private FiniteWeights() {}

    /** Checks a float tensor; {@code where} is the file (and node), {@code what} names the tensor. */
    static void check(ConstTensor t, String where, String what, Validation v) {
        if (!t.isFloat()) return;
        float[] f = t.floats();
        int first = -1, count = 0;
        for (int i = 0; i < f.length; i++) {
            if (!Float.isFinite(f[i])) {
                if (first < 0) first = i;
                count++;
            }
        }
        if (first < 0) return;
        v.tolerable(where, "finite-weights", what + " " + Arrays.toString(t.dims()) + ": element " + first
                + index(t.dims(), first) + " is " + f[first] + " (" + count + " of " + f.length + " values not finite);"
                + " expected finite weights: a NaN or infinite weight is no trained value, and where it meets only"
                + " padding ONNX Runtime skips it while this library multiplies it (0 x NaN = NaN)"
                + (v.lenient() ? " (lenient: kept as it is; the logits may be NaN where ONNX Runtime's are finite)" : ""));
    }

    /** The element's index per dimension, e.g. " [0, 0, 1, 2]", for tensors of rank 2 and more. */
    private static String index(long[] dims, int flat) {
        if (dims.length < 2) return "";
        long[] at = new long[dims.length];
        long rest = flat;
        for (int d = dims.length - 1; d >= 0; d--) {
            at[d] = dims[d] == 0 ? 0 : rest % dims[d];
            rest = dims[d] == 0 ? 0 : rest / dims[d];
        }
        return " " + Arrays.toString(at);
    }
}
