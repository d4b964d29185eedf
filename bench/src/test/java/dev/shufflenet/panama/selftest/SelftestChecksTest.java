package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-test's kernel checks pass on the registered kernels and catch a broken one, naming it. */
class SelftestChecksTest {
    @Test
    void everyScalarKernelPassesWithinItsBounds() {
        KernelSet s = KernelRegistry.scalar();
        SetResult r = Selftest.checkSet(s, "this", true);
        // One row per kernel, the minmax and addrelu variants and the set's GEMV under their own names.
        List<String> expected = List.of(s.pointwise().name(), s.pointwise().addReluName(), s.pointwise().minmaxName(),
                GemvKernels.forSet(s).name(), s.depthwise().name(), s.depthwise().minmaxName(), s.direct().name(),
                s.direct().minmaxName(), s.stem().name(), s.pool().name(), s.shuffle().name(), s.elementwise().name(),
                s.layout().name(), s.gemmEpilogue().name());
        assertEquals(expected, r.kernels().stream().map(KernelResult::kernel).toList(), r.toString());
        assertEquals(14, r.kernels().size(), "one result per kernel of the set: " + r);
        assertTrue(r.kernels().stream().map(KernelResult::kernel).toList().containsAll(List.of(
                "f32-stem-conv3x3s2-relu-maxpool3x3s2-scalar", "f32-gemv-scalar", "f32-gemm-1x1-addrelu-scalar",
                "f32-gemm-1x1-minmax-scalar", "f32-dwconv3x3-minmax-scalar", "f32-conv-direct-minmax-scalar")),
                r.toString());
        for (KernelResult k : r.kernels()) {
            assertTrue(k.cases() > 0, k.kernel() + " ran no case");
            assertEquals(0, k.failed(), k.kernel() + ": " + k.failures());
            assertTrue(k.worstErrorOverBound() != null && k.worstErrorOverBound() <= 1, k.toString());
        }
        assertTrue(r.ok());
    }

    @Test
    void aBrokenKernelFailsAndIsNamed() {
        assertOnlyTheBrokenKernelFails(BrokenKernels.scalarWithBrokenRelu(), BrokenKernels.BROKEN_NAME, k -> {
            assertTrue(k.failed() > 0 && k.failed() <= k.cases(), k.toString());
            assertTrue(k.failures().getFirst().contains("relu"), k.failures().toString());
            assertEquals(null, k.worstErrorOverBound(), "a bit-exact output differed: infinitely over its bound");
        });
    }

    @Test
    void aBrokenStemFailsAndIsNamed() {
        assertOnlyTheBrokenKernelFails(BrokenKernels.scalarWithBrokenStem(), BrokenKernels.BROKEN_STEM_NAME, k -> {
            assertEquals(k.cases(), k.failed(), "every case writes the spoiled pixel: " + k);
            assertTrue(k.worstErrorOverBound() == null || k.worstErrorOverBound() > 1, k.toString());
        });
    }

    /** The set fails; its one row named {@code broken} fails, naming itself first, and {@code more} holds; the rest pass. */
    private static void assertOnlyTheBrokenKernelFails(KernelSet set, String broken, Consumer<KernelResult> more) {
        SetResult r = Selftest.checkSet(set, "this", true);
        assertFalse(r.ok());
        assertEquals(1, r.kernels().stream().filter(k -> k.kernel().equals(broken)).count(), r.toString());
        for (KernelResult k : r.kernels()) {
            if (k.kernel().equals(broken)) {
                assertTrue(!k.failures().isEmpty() && k.failures().getFirst().contains(broken), k.failures().toString());
                more.accept(k);
            } else {
                assertEquals(0, k.failed(), k.kernel() + " should pass: " + k.failures());
            }
        }
    }
}
