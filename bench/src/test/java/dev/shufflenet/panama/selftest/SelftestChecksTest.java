package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.KernelRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-test's kernel checks pass on the registered kernels and catch a broken one, naming it. */
class SelftestChecksTest {
    @Test
    void everyScalarKernelPassesWithinItsBounds() {
        SetResult r = Selftest.checkSet(KernelRegistry.scalar(), "this", true);
        assertEquals(8, r.kernels().size(), "one result per kernel of the set: " + r);
        for (KernelResult k : r.kernels()) {
            assertTrue(k.cases() > 0, k.kernel() + " ran no case");
            assertEquals(0, k.failed(), k.kernel() + ": " + k.failures());
            assertTrue(k.worstErrorOverBound() != null && k.worstErrorOverBound() <= 1, k.toString());
        }
        assertTrue(r.ok());
    }

    @Test
    void aBrokenKernelFailsAndIsNamed() {
        SetResult r = Selftest.checkSet(BrokenKernels.scalarWithBrokenRelu(), "this", true);
        assertFalse(r.ok());
        for (KernelResult k : r.kernels()) {
            if (k.kernel().equals(BrokenKernels.BROKEN_NAME)) {
                assertTrue(k.failed() > 0 && k.failed() <= k.cases(), k.toString());
                assertTrue(!k.failures().isEmpty() && k.failures().getFirst().contains(BrokenKernels.BROKEN_NAME)
                        && k.failures().getFirst().contains("relu"), k.failures().toString());
                assertEquals(null, k.worstErrorOverBound(), "a bit-exact output differed: infinitely over its bound");
            } else {
                assertEquals(0, k.failed(), k.kernel() + " should pass: " + k.failures());
            }
        }
    }
}
