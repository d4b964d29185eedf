package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogitAgreementTest {

    @Test
    void relativeToTheLargestReferenceLogit() {
        LogitAgreement a = LogitAgreement.of(new float[] {1.0f, -2.0f, 0.5f}, new float[] {1.0f, -4.0f, 0.25f});
        assertEquals(2.0, a.maxAbsDiff(), 0);
        assertEquals(4.0, a.maxAbsReference(), 0);
        assertEquals(0.5, a.relative(), 0);
        assertFalse(a.acceptable());
        assertTrue(LogitAgreement.of(new float[] {1.0f, 2.0f}, new float[] {1.0f, 2.001f}).acceptable());
    }

    @Test
    void nanIsNeverAcceptable() {
        LogitAgreement a = LogitAgreement.of(new float[] {Float.NaN, 1f}, new float[] {1f, 1f});
        assertTrue(Double.isNaN(a.relative()));
        assertFalse(a.acceptable());
    }

    @Test
    void lengthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> LogitAgreement.of(new float[2], new float[3]));
    }
}
