package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.VectorConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void parsesHardwareAfterTheProcessorBlocksAndNoFile() {
        String pi = CORTEX_A72.replace("CPU implementer\t: 0x41\n", "") + "\nHardware\t: BCM2835\n";
        assertEquals("BCM2835", CpuInfo.parse(pi).model());
        assertEquals("unknown", CpuInfo.parse("").model());
        assertTrue(CpuInfo.parse("").flags().isEmpty());
    }

    /**
     * Against the JVM and /proc/cpuinfo read here independently (a regular expression, not the parser), so a
     * wrong architecture, core count, CPU name or ISA family fails.
     */
    @Test
    void detectsThisMachine() throws IOException {
        Target t = Target.detect();
        assertEquals(System.getProperty("os.arch").toLowerCase(Locale.ROOT), t.arch());
        assertEquals(Runtime.getRuntime().availableProcessors(), t.cores());
        assertTrue(t.vectorApi(), "the test JVM runs with jdk.incubator.vector (surefire's argLine)");
        assertEquals(VectorConfig.SPECIES.vectorBitSize(), t.vectorBits());
        switch (t.arch()) {
            case "amd64" -> assertEquals(t.vectorBits() >= 512 ? Isa.X86_AVX512 : t.vectorBits() >= 256 ? Isa.X86_AVX2
                    : Isa.X86_SSE, t.isa(), t.summary());
            case "aarch64" -> assertTrue(t.isa().isArm(), t.summary());
            default -> assertEquals(Isa.GENERIC, t.isa(), t.summary());
        }
        Path proc = Path.of("/proc/cpuinfo");
        if (Files.isReadable(proc)) {
            Matcher model = Pattern.compile("(?m)^model name\\s*:\\s*(.*?)\\s*$").matcher(Files.readString(proc));
            if (model.find()) assertEquals(model.group(1), t.cpuModel());
        } else {
            assertEquals("unknown (no /proc/cpuinfo)", t.cpuModel());
        }
        assertTrue(t.summary().contains(t.cpuModel()) && t.summary().contains(t.isa().label()), t.summary());
    }
}
