package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;

import java.util.List;

/**
 * Reads the GEMM candidates of a target out of its {@link TargetConfig} (where they and the reasons for
 * their order are defined, in {@link TargetConfigs}), as {@link GemmCandidate}s.
 */
public final class TargetTable {
    private TargetTable() {}

    /** The candidates of this JVM's target, in order of preference. */
    public static List<GemmCandidate> gemmCandidates() {
        return gemmCandidates(TargetConfigs.current());
    }

    /** What the calibration weighs on a target, in order of preference when timings tie. */
    public static List<GemmCandidate> gemmCandidates(TargetConfig config) {
        return config.gemmBackends().stream().map(GemmCandidate::of).toList();
    }

    /**
     * The candidates of the target family of a detected ISA (whatever vector width runs): x86 below AVX2
     * is the generic target.
     */
    public static List<GemmCandidate> gemmCandidates(Isa isa) {
        return gemmCandidates(switch (isa) {
            case X86_AVX512 -> TargetConfigs.x86Avx512(512);
            case X86_AVX2 -> TargetConfigs.x86Avx2(256);
            case X86_SSE, GENERIC -> TargetConfigs.generic(0);
            case ARM64_NEON -> TargetConfigs.arm64Neon(128);
            case ARM64_SVE -> TargetConfigs.arm64Sve(256, 256);
        });
    }
}
