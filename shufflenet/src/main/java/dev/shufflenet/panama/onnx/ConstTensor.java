package dev.shufflenet.panama.onnx;

import java.util.Arrays;

/**
 * A tensor whose contents the importer knows: a weight, a Constant, or the result of shape arithmetic.
 * Floating-point types are held as float32 ({@code floats}), integer and boolean types as int64
 * ({@code ints}); exactly one of the two is non-null. Rank 0 (a scalar) has empty {@code dims}.
 */
record ConstTensor(long[] dims, float[] floats, long[] ints) {

    static ConstTensor ofFloats(long[] dims, float[] data) {
        checkSize(dims, data.length);
        return new ConstTensor(dims.clone(), data, null);
    }

    static ConstTensor ofInts(long[] dims, long[] data) {
        checkSize(dims, data.length);
        return new ConstTensor(dims.clone(), null, data);
    }

    static ConstTensor vector(long... values) {
        return ofInts(new long[] {values.length}, values);
    }

    boolean isFloat() { return floats != null; }

    int rank() { return dims.length; }

    int size() { return isFloat() ? floats.length : ints.length; }

    /** Element i as a double (exact for floats and for integers below 2^53). */
    double number(int i) { return isFloat() ? floats[i] : ints[i]; }

    String describe() {
        String type = isFloat() ? "float" : "int";
        String values = size() <= 8
                ? (isFloat() ? Arrays.toString(floats) : Arrays.toString(ints))
                : size() + " values";
        return type + " tensor " + Arrays.toString(dims) + " " + values;
    }

    /** Number of elements implied by dims; throws if negative or beyond what a Java array holds. */
    static int elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            if (d != 0 && n > Integer.MAX_VALUE / d)
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more elements than a Java array can hold (" + Integer.MAX_VALUE + ")");
            n *= d;
        }
        return (int) n;
    }

    private static void checkSize(long[] dims, int length) {
        int expected = elementCount(dims);
        if (expected != length)
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " needs " + expected
                    + " elements, found " + length);
    }
}
