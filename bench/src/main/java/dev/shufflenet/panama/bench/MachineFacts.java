package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.tuning.CpuInfo;

import java.util.List;

/**
 * The facts about this machine and JVM that a benchmark result needs beside it: CPU model, core count,
 * the SIMD extensions that decide which kernels are fast, the JDK, and the Vector API species width.
 *
 * @param cpuModel    {@link CpuInfo#model()}: "model name" from /proc/cpuinfo (x86), else the Arm implementer and
 *                    part numbers (the same name the target detection uses)
 * @param cores       processors available to this JVM
 * @param isaFlags    those of {@link #FLAGS_OF_INTEREST} that /proc/cpuinfo lists, in that order
 * @param vectorBits  bits of the Vector API species the kernels use, 0 when the JVM lacks the Vector API module
 * @param kernelSet   name of the kernel set models run with (e.g. "vector512", or "scalar")
 */
public record MachineFacts(String cpuModel, int cores, List<String> isaFlags, String osName, String osArch,
                           String jdkVersion, String jdkVendor, int vectorBits, int vectorLanes, String kernelSet) {

    /** SIMD extensions that change which kernels are fast: x86 (avx2, fma, avx512f) and Arm (asimd = NEON, sve, sve2). */
    public static final List<String> FLAGS_OF_INTEREST = List.of("avx2", "fma", "avx512f", "asimd", "sve", "sve2");

    /** This machine and JVM. */
    public static MachineFacts detect() {
        CpuInfo cpu = CpuInfo.read();
        boolean vectorApi = KernelRegistry.vectorApiAvailable();
        // VectorConfig loads jdk.incubator.vector classes: touch it only when the module is present.
        int bits = vectorApi ? VectorConfig.SPECIES.vectorBitSize() : 0;
        int lanes = vectorApi ? VectorConfig.LANES : 0;
        return new MachineFacts(cpu.model(), Runtime.getRuntime().availableProcessors(), isaFlags(cpu),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version().toString(),
                System.getProperty("java.vendor"), bits, lanes, KernelRegistry.best().name());
    }

    /** Which of {@link #FLAGS_OF_INTEREST} the CPU lists, in that order. */
    static List<String> isaFlags(CpuInfo cpu) {
        return cpu.flagsAmong(FLAGS_OF_INTEREST);
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
