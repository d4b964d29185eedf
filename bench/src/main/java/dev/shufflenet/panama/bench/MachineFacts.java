package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The facts about this machine and JVM that a benchmark result needs beside it: CPU model, core count,
 * the SIMD extensions that decide which kernels are fast, the JDK, and the Vector API species width.
 *
 * @param cpuModel    "model name" from /proc/cpuinfo (x86), else the Arm implementer and part numbers
 * @param cores       processors available to this JVM
 * @param isaFlags    those of {@link #FLAGS_OF_INTEREST} that /proc/cpuinfo lists, in that order
 * @param vectorBits  bits of the Vector API species the kernels use, 0 when the JVM lacks the Vector API module
 * @param kernelSet   name of the kernel set models run with (e.g. "vector512", or "scalar")
 */
public record MachineFacts(String cpuModel, int cores, List<String> isaFlags, String osName, String osArch,
                           String jdkVersion, String jdkVendor, int vectorBits, int vectorLanes, String kernelSet) {

    /** SIMD extensions that change which kernels are fast: x86 (avx2, fma, avx512f) and Arm (asimd = NEON, sve, sve2). */
    public static final List<String> FLAGS_OF_INTEREST = List.of("avx2", "fma", "avx512f", "asimd", "sve", "sve2");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine and JVM. */
    public static MachineFacts detect() {
        String cpuinfo = null;
        try {
            if (Files.isReadable(CPUINFO)) cpuinfo = Files.readString(CPUINFO);
        } catch (IOException e) {
            cpuinfo = null; // no /proc (macOS, Windows) or not readable: the model stays unknown
        }
        boolean vectorApi = KernelRegistry.vectorApiAvailable();
        // VectorConfig loads jdk.incubator.vector classes: touch it only when the module is present.
        int bits = vectorApi ? VectorConfig.SPECIES.vectorBitSize() : 0;
        int lanes = vectorApi ? VectorConfig.LANES : 0;
        return new MachineFacts(cpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(), isaFlags(cpuinfo),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version().toString(),
                System.getProperty("java.vendor"), bits, lanes, KernelRegistry.best().name());
    }

    /** The CPU's name as /proc/cpuinfo gives it, or "unknown" when it gives none. */
    static String cpuModel(String cpuinfo) {
        if (cpuinfo == null) return "unknown (no /proc/cpuinfo)";
        String model = field(cpuinfo, "model name");
        if (model != null) return model;
        // Arm kernels list no model name, only the implementer and part numbers (0x41/0xd0c = Arm Neoverse N1).
        String implementer = field(cpuinfo, "CPU implementer");
        String part = field(cpuinfo, "CPU part");
        if (implementer != null && part != null) return "implementer " + implementer + " part " + part;
        String hardware = field(cpuinfo, "Hardware");
        return hardware != null ? hardware : "unknown";
    }

    /** Which of {@link #FLAGS_OF_INTEREST} the first processor lists ("flags" on x86, "Features" on Arm). */
    static List<String> isaFlags(String cpuinfo) {
        if (cpuinfo == null) return List.of();
        String flags = field(cpuinfo, "flags");
        if (flags == null) flags = field(cpuinfo, "Features");
        if (flags == null) return List.of();
        Set<String> present = new HashSet<>(Arrays.asList(flags.trim().split("\\s+")));
        List<String> out = new ArrayList<>();
        for (String f : FLAGS_OF_INTEREST) if (present.contains(f)) out.add(f);
        return List.copyOf(out);
    }

    /** The value of the first "key : value" line whose key is {@code key}, or null. */
    private static String field(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            if (line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    /** "512-bit (16 floats)", or a note that the Vector API is missing. */
    public String vectorDescription() {
        return vectorBits == 0 ? "not available (JVM started without --add-modules=jdk.incubator.vector)"
                : vectorBits + "-bit species (" + vectorLanes + " floats)";
    }

    /** The ISA flags as one word list, or "none of " the flags of interest. */
    public String isaDescription() {
        return isaFlags.isEmpty() ? "none of " + FLAGS_OF_INTEREST : String.join(" ", isaFlags);
    }
}
