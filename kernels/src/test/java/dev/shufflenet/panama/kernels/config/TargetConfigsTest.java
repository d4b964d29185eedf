package dev.shufflenet.panama.kernels.config;

import dev.shufflenet.panama.kernels.VectorConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The target follows os.arch and the preferred width; tiles fit the register file they are chosen for. */
class TargetConfigsTest {
    @Test
    void choosesTheTargetFromArchAndPreferredWidth() {
        assertEquals("x86-avx512", TargetConfigs.choose("amd64", 512, 512).name());
        assertEquals("x86-avx512", TargetConfigs.choose("amd64", 512, 128).name(), "a forced narrower width keeps the CPU");
        assertEquals("x86-avx2", TargetConfigs.choose("amd64", 256, 256).name(), "-XX:UseAVX=2 or an AVX2 CPU");
        assertEquals("generic", TargetConfigs.choose("amd64", 128, 128).name(), "x86 below AVX2");
        assertEquals("arm64-neon", TargetConfigs.choose("aarch64", 128, 128).name(), "NEON, or SVE at 128 bits");
        assertEquals("arm64-sve256", TargetConfigs.choose("aarch64", 256, 256).name());
        assertEquals("arm64-sve512", TargetConfigs.choose("aarch64", 512, 512).name());
        assertEquals("generic", TargetConfigs.choose("riscv64", 256, 256).name());
        assertEquals("generic", TargetConfigs.choose("amd64", 0, 0).name(), "no Vector API");
        assertEquals(128, TargetConfigs.choose("amd64", 512, 128).vectorBits());
    }

    @Test
    void theCurrentTargetIsThisJvms() {
        TargetConfig c = TargetConfigs.current();
        assertEquals(VectorConfig.SPECIES.vectorBitSize(), c.vectorBits());
        assertEquals(TargetConfigs.choose(System.getProperty("os.arch"), VectorConfig.PREFERRED_BITS,
                VectorConfig.BITS), c);
        assertTrue(c == TargetConfigs.current(), "chosen once");
    }

    @Test
    void everyGemmTileFitsItsRegisterFile() {
        for (TargetConfig c : List.of(TargetConfigs.x86Avx512(512), TargetConfigs.x86Avx2(256),
                TargetConfigs.arm64Neon(128), TargetConfigs.arm64Sve(256, 256), TargetConfigs.arm64Sve(512, 512),
                TargetConfigs.generic(128))) {
            assertTrue(c.gemm().registersNeeded() <= c.vectorRegisters(), c.name() + ": " + c.gemm() + " needs "
                    + c.gemm().registersNeeded() + " of " + c.vectorRegisters() + " registers");
            assertTrue(c.gemmBackends().contains(GemmBackend.JAVA), c.name());
            assertEquals(c.gemmBackends().get(0), c.defaultGemmBackend(), c.name());
        }
        assertEquals(new GemmTile(6, 4), TargetConfigs.x86Avx512(512).gemm(), "29 of 32 registers");
        assertEquals(29, new GemmTile(6, 4).registersNeeded());
        assertEquals(15, new GemmTile(6, 2).registersNeeded());
    }

    @Test
    void backendsAndHalfWidthZipPerTarget() {
        assertEquals(List.of(GemmBackend.JAVA, GemmBackend.OPENBLAS), TargetConfigs.x86Avx512(512).gemmBackends());
        assertEquals(List.of(GemmBackend.OPENBLAS, GemmBackend.JAVA, GemmBackend.ACL),
                TargetConfigs.arm64Neon(128).gemmBackends());
        assertEquals(GemmBackend.OPENBLAS, TargetConfigs.generic(0).defaultGemmBackend());
        assertTrue(TargetConfigs.x86Avx512(512).halfWidthZip());
        assertTrue(TargetConfigs.x86Avx2(256).halfWidthZip());
        assertFalse(TargetConfigs.arm64Neon(128).halfWidthZip(), "halves of 128-bit vectors have 2 lanes");
    }

    /** The half-width GEMM is a grouped candidate on AVX-512 only, and never a dense one (its timing would double). */
    @Test
    void theHalfWidthGemmIsWeighedForGroupedLayersOnAvx512Only() {
        TargetConfig avx512 = TargetConfigs.x86Avx512(512);
        assertEquals(List.of(GemmBackend.JAVA_HALF, GemmBackend.JAVA), avx512.groupedGemmBackends());
        for (TargetConfig c : List.of(TargetConfigs.x86Avx2(256), TargetConfigs.arm64Neon(128),
                TargetConfigs.arm64Sve(512, 512), TargetConfigs.generic(0)))
            assertFalse(c.groupedGemmBackends().contains(GemmBackend.JAVA_HALF), c.name());
        List<GemmBackend> dense = List.of(GemmBackend.JAVA, GemmBackend.JAVA_HALF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TargetConfig("t", 512, 32,
                avx512.gemm(), avx512.stem(), true, 1, dense, dense, avx512.calibration(), true, true));
        assertTrue(e.getMessage().contains("JAVA_HALF is weighed for grouped layers only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TargetConfig("t", 512, 32, avx512.gemm(),
                avx512.stem(), true, 1, List.of(GemmBackend.JAVA), List.of(GemmBackend.JAVA_HALF),
                avx512.calibration(), true, true));
        assertTrue(e.getMessage().contains("must include JAVA"), e.getMessage());
    }

    @Test
    void refusesTilesTheKernelsDoNotHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GemmTile(6, 3));
        assertEquals("the GEMM kernel has tiles of 4, 2 and 1 vectors; found 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GemmTile(8, 4));
        assertEquals("the GEMM kernel has 6-pixel tiles only; found rows 8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DirectConvTiles(4, 8, 4, 0.25));
        assertEquals("the direct conv kernel has 6x2v and 8x1v tiles only, the fused stem 4x2v and 8x1v; found 4x2v,"
                + " 8x1v and 4x2v", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DirectConvTiles(6, 8, 6, 0.25));
        assertTrue(e.getMessage().endsWith("found 6x2v, 8x1v and 6x2v"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DirectConvTiles(6, 8, 4, 0));
        assertTrue(e.getMessage().contains("pixelStemIdleLanes") && e.getMessage().contains("0.0"), e.getMessage());
    }

    /** The pixel-vector stem needs 29 registers: only targets with 32 may pick it, where a quarter of lanes idle. */
    @Test
    void thePixelVectorStemOnlyWhereItsTileFits() {
        for (TargetConfig c : List.of(TargetConfigs.x86Avx512(512), TargetConfigs.arm64Neon(128),
                TargetConfigs.arm64Sve(256, 256), TargetConfigs.arm64Sve(512, 512)))
            assertEquals(0.25, c.stem().pixelStemIdleLanes(), c.name());
        for (TargetConfig c : List.of(TargetConfigs.x86Avx2(256), TargetConfigs.generic(128)))
            assertTrue(c.stem().pixelStemIdleLanes() > 1, c.name() + ": 16 registers, never");
    }
}
