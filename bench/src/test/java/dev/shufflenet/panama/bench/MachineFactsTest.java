package dev.shufflenet.panama.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineFactsTest {
    private static final String X86 = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8480+
            flags\t\t: fpu vme sse sse2 avx fma avx2 avx512f avx512bw avx512_fp16
            
            processor\t: 1
            model name\t: Intel(R) Xeon(R) Platinum 8480+
            flags\t\t: fpu vme sse sse2 avx fma avx2 avx512f avx512bw avx512_fp16
            """;

    private static final String ARM = """
            processor\t: 0
            BogoMIPS\t: 50.00
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp sve sve2
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU part\t: 0xd4f
            """;

    @Test
    void x86ModelAndFlags() {
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", MachineFacts.cpuModel(X86));
        assertEquals(List.of("avx2", "fma", "avx512f"), MachineFacts.isaFlags(X86));
    }

    @Test
    void armHasNoModelNameButImplementerAndPart() {
        assertEquals("implementer 0x41 part 0xd4f", MachineFacts.cpuModel(ARM));
        // "asimdhp" must not count as "asimd" twice, nor "sve2" as "sve": whole words only.
        assertEquals(List.of("asimd", "sve", "sve2"), MachineFacts.isaFlags(ARM));
    }

    @Test
    void noCpuinfo() {
        assertTrue(MachineFacts.cpuModel(null).startsWith("unknown"));
        assertEquals(List.of(), MachineFacts.isaFlags(null));
    }

    @Test
    void thisMachine() {
        MachineFacts m = MachineFacts.detect();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
        assertEquals(System.getProperty("os.arch"), m.osArch());
        assertEquals(Runtime.version().feature() >= 25, true, m.jdkVersion());
        // The test JVM runs with the Vector API module (surefire's argLine), so a species is chosen.
        assertTrue(m.vectorBits() >= 64 && m.vectorLanes() == m.vectorBits() / 32, m.vectorDescription());
    }
}
