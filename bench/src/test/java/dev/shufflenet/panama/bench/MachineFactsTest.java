package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.tuning.CpuInfo;
import dev.shufflenet.panama.tuning.Target;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void x86FlagsOfInterestInTheirOrder() {
        assertEquals(List.of("avx2", "fma", "avx512f"), MachineFacts.isaFlags(CpuInfo.parse(X86)));
    }

    @Test
    void armFlagsAreWholeWords() {
        // "asimdhp" must not count as "asimd" twice, nor "sve2" as "sve": whole words only.
        assertEquals(List.of("asimd", "sve", "sve2"), MachineFacts.isaFlags(CpuInfo.parse(ARM)));
    }

    @Test
    void noFlagsNoneOfInterest() {
        MachineFacts m = new MachineFacts("unknown", 1, MachineFacts.isaFlags(new CpuInfo("unknown", Set.of())),
                "Linux", "amd64", "25", "vendor", 0, 0, "scalar");
        assertEquals(List.of(), m.isaFlags());
        assertEquals("none of " + MachineFacts.FLAGS_OF_INTEREST, m.isaDescription());
    }

    /**
     * Against /proc/cpuinfo read here, independently of the parser (a regular expression over the whole file):
     * the first processor's model name and flags, and the same CPU name as the target detection prints.
     */
    @Test
    void thisMachine() throws IOException {
        MachineFacts m = MachineFacts.detect();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.cores());
        assertEquals(System.getProperty("os.arch"), m.osArch());
        assertEquals(System.getProperty("os.name"), m.osName());
        assertEquals(Runtime.version().toString(), m.jdkVersion());
        // The test JVM runs with the Vector API module (surefire's argLine), so a species is chosen.
        assertTrue(m.vectorBits() >= 64 && m.vectorLanes() == m.vectorBits() / 32, m.vectorDescription());
        assertEquals(Target.detect().cpuModel(), m.cpuModel(), "info prints one CPU name, not two");

        Path proc = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(proc)) {
            assertEquals("unknown (no /proc/cpuinfo)", m.cpuModel());
            assertEquals(List.of(), m.isaFlags());
            return;
        }
        String text = Files.readString(proc);
        String model = first(text, "model name");
        if (model != null) {
            assertEquals(model, m.cpuModel());
        } else if (first(text, "CPU implementer") != null) {
            assertEquals("arm64 implementer " + first(text, "CPU implementer") + " part " + first(text, "CPU part"),
                    m.cpuModel());
        }
        String flagLine = first(text, "flags") != null ? first(text, "flags") : first(text, "Features");
        List<String> listed = flagLine == null ? List.of() : Arrays.asList(flagLine.split("\\s+"));
        List<String> expected = MachineFacts.FLAGS_OF_INTEREST.stream().filter(listed::contains).toList();
        assertEquals(expected, m.isaFlags());
    }

    private static String first(String text, String key) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*:\\s*(.*?)\\s*$").matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
