package dev.shufflenet.panama.tuning;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Target detection from /proc/cpuinfo text and the JVM's vector width, on x86 and arm64 samples. */
class TargetTest {
    static final String X86 = """
            processor	: 0
            vendor_id	: AuthenticAMD
            model name	: AMD EPYC 9R45
            flags		: fpu sse sse2 avx avx2 fma avx512f avx512bw
            
            processor	: 1
            model name	: AMD EPYC 9R45
            flags		: fpu sse sse2 avx avx2 fma avx512f avx512bw
            """;

    static final String NEOVERSE_V1 = """
            processor	: 0
            BogoMIPS	: 2100.00
            Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid sve
            CPU implementer	: 0x41
            CPU architecture: 8
            CPU part	: 0xd40
            """;

    static final String CORTEX_A72 = """
            processor	: 0
            Features	: fp asimd evtstrm crc32 cpuid
            CPU implementer	: 0x41
            CPU part	: 0xd08
            """;

    @Test
    void parsesX86ModelAndFlags() {
        CpuInfo cpu = CpuInfo.parse(X86);
        assertEquals("AMD EPYC 9R45", cpu.model());
        assertTrue(cpu.has("avx512f"));
        assertFalse(cpu.has("sve"));
    }

    @Test
    void parsesArmFeaturesAndNamesThePart() {
        CpuInfo cpu = CpuInfo.parse(NEOVERSE_V1);
        assertTrue(cpu.has("sve"));
        assertTrue(cpu.has("asimd"));
        assertEquals("arm64 implementer 0x41 part 0xd40", cpu.model());
    }

    @Test
    void classifiesByTheJvmsVectorWidth() {
        CpuInfo x86 = CpuInfo.parse(X86);
        assertEquals(Isa.X86_AVX512, Target.classify("amd64", x86, 512));
        // -XX:MaxVectorSize=32 or UseAVX=2 on the same CPU: the JIT emits AVX2, so the target is AVX2.
        assertEquals(Isa.X86_AVX2, Target.classify("amd64", x86, 256));
        assertEquals(Isa.GENERIC, Target.classify("amd64", x86, 0));
        assertEquals(Isa.ARM64_SVE, Target.classify("aarch64", CpuInfo.parse(NEOVERSE_V1), 256));
        assertEquals(Isa.ARM64_NEON, Target.classify("aarch64", CpuInfo.parse(CORTEX_A72), 128));
        assertEquals(Isa.GENERIC, Target.classify("riscv64", CpuInfo.parse(""), 128));
    }

    @Test
    void everyTargetHasJavaAmongItsCandidates() {
        for (Isa isa : Isa.values()) {
            assertTrue(TargetTable.gemmCandidates(isa).contains(GemmCandidate.JAVA), isa.toString());
            assertEquals(isa.isArm(), TargetTable.gemmCandidates(isa).contains(GemmCandidate.ACL), isa.toString());
        }
    }

    @Test
    void detectsThisMachine() {
        Target t = Target.detect();
        assertTrue(t.cores() >= 1);
        assertFalse(t.summary().isBlank());
        if (t.arch().equals("amd64")) assertTrue(t.isa().isX86(), t.summary());
        if (t.arch().equals("aarch64")) assertTrue(t.isa().isArm(), t.summary());
    }
}
