package dev.shufflenet.panama.fuzz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The fuzzer's comparison with ONNX Runtime: what counts as agreeing (OnnxFuzzHarness.compare). */
class OnnxFuzzOracleTest {
    @Test
    void agreesWithinTheToleranceOfTheLargestMagnitude() {
        assertNull(OnnxFuzzHarness.compare(new float[] {1.0f, -2.0f, 0.5f}, new float[] {1.0f, -2.0001f, 0.5001f}));
        assertNotNull(OnnxFuzzHarness.compare(new float[] {1.0f, -2.0f, 0.5f}, new float[] {1.0f, -2.0f, 0.501f}));
    }

    @Test
    void nonFiniteValuesMustMatchInPlaceAndKind() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        assertNull(OnnxFuzzHarness.compare(new float[] {nan, inf, 1}, new float[] {nan, inf, 1}));
        assertNotNull(OnnxFuzzHarness.compare(new float[] {nan, 1}, new float[] {1, 1}));
        assertNotNull(OnnxFuzzHarness.compare(new float[] {inf, 1}, new float[] {-inf, 1}));
        assertNotNull(OnnxFuzzHarness.compare(new float[] {1e30f, 1}, new float[] {inf, 1}));
    }

    @Test
    void lengthsMustMatch() {
        assertNotNull(OnnxFuzzHarness.compare(new float[2], new float[3]));
    }
}
