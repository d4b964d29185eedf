package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.bindings.acl.AclLibrary;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;

import java.util.Locale;

/**
 * The machine this JVM runs on, described once: architecture, ISA family, the Vector API species
 * width in use, cores and CPU model. {@link TargetTable} says what each ISA family may use;
 * {@link Calibration} picks among those per layer.
 *
 * <p>Detecting the machine loads nothing: the native GEMM libraries are looked for only when something asks
 * for them ({@link #openBlas()}, {@link #acl()} and their siblings, a backend selector, calibration, the
 * CLI's {@code info}), so a run on the Java kernels never loads OpenBLAS or the ACL shim.
 */
public record Target(String arch, Isa isa, int vectorBits, int cores, String cpuModel, boolean vectorApi) {

    private static volatile Target detected;

    /** The running machine (computed once; reads /proc/cpuinfo and the JVM, loads no native library). */
    public static Target detect() {
        Target t = detected;
        if (t == null) {
            synchronized (Target.class) {
                if (detected == null) detected = describe(CpuInfo.read());
                t = detected;
            }
        }
        return t;
    }

    static Target describe(CpuInfo cpu) {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        boolean vectorApi = KernelRegistry.vectorApiAvailable();
        int bits = vectorApi ? VectorConfig.SPECIES.vectorBitSize() : 0;
        Isa isa = classify(arch, cpu, bits);
        return new Target(arch, isa, bits, Runtime.getRuntime().availableProcessors(), cpu.model(), vectorApi);
    }

    /** What loading OpenBLAS did, in one line; the first call of this or {@link #openBlasLoaded()} loads it. */
    public String openBlas() {
        return OpenBlasLibrary.status().describe();
    }

    /** Whether OpenBLAS is loaded; the first call loads it. */
    public boolean openBlasLoaded() {
        return OpenBlasLibrary.status().loaded();
    }

    /** What loading the ACL shim did, in one line; the first call of this or {@link #aclLoaded()} loads it. */
    public String acl() {
        return AclLibrary.status().describe();
    }

    /** Whether the ACL shim is loaded; the first call loads it. */
    public boolean aclLoaded() {
        return AclLibrary.status().loaded();
    }

    /**
     * The ISA family. The JVM's preferred species is the truth about what the JIT will emit (it honours
     * -XX:UseAVX and -XX:MaxVectorSize); /proc/cpuinfo flags only refine it.
     */
    static Isa classify(String arch, CpuInfo cpu, int vectorBits) {
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (x86) {
            if (vectorBits >= 512) return Isa.X86_AVX512;
            if (vectorBits >= 256) return Isa.X86_AVX2;
            return vectorBits > 0 ? Isa.X86_SSE : Isa.GENERIC;
        }
        if (arm) {
            // SVE shows as a "sve" feature; the JVM uses it for species of the SVE length (can be 128 too).
            if (cpu.has("sve") || vectorBits > 128) return Isa.ARM64_SVE;
            return vectorBits > 0 ? Isa.ARM64_NEON : Isa.GENERIC;
        }
        return Isa.GENERIC;
    }

    /** One line for reports, e.g. "x86-64 AVX-512, 512-bit vectors, 2 cores, AMD EPYC". */
    public String summary() {
        return isa.label() + ", " + (vectorApi ? vectorBits + "-bit vectors" : "no Vector API (scalar kernels)")
                + ", " + cores + (cores == 1 ? " core" : " cores") + ", " + cpuModel;
    }
}
