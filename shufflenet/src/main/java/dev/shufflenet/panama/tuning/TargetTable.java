package dev.shufflenet.panama.tuning;

import java.util.List;

/**
 * The one table of what each target may use. Kernel choice inside the Vector API kernels (tile shape,
 * vectors per tile) follows the species width chosen at start-up (see VectorConfig); what varies per
 * target here is which GEMM implementations the calibration weighs, and the default when there is no
 * calibration profile.
 *
 * <ul>
 *   <li>x86 AVX-512 and AVX2: the Vector API GEMM and OpenBLAS. Default Java: on AVX-512 it measured
 *       at or above OpenBLAS for every ShuffleNet v2 pointwise shape (see README, Choosing the GEMM).</li>
 *   <li>x86 without AVX2, or no Vector API: OpenBLAS first; the scalar Java GEMM is 10x slower.</li>
 *   <li>arm64 NEON and SVE: Java, OpenBLAS and ACL (NEGEMM); default OpenBLAS, whose NEON/SVE kernels
 *       per CPU model (cortexa57 ... neoversev1, armv8sve) are mature, until a calibration says
 *       otherwise.</li>
 * </ul>
 */
public final class TargetTable {
    private TargetTable() {}

    /** What the calibration weighs on this ISA, in order of preference when timings tie. */
    public static List<GemmCandidate> gemmCandidates(Isa isa) {
        return switch (isa) {
            case X86_AVX512, X86_AVX2 -> List.of(GemmCandidate.JAVA, GemmCandidate.OPENBLAS);
            case X86_SSE, GENERIC -> List.of(GemmCandidate.OPENBLAS, GemmCandidate.JAVA);
            case ARM64_NEON, ARM64_SVE -> List.of(GemmCandidate.OPENBLAS, GemmCandidate.JAVA, GemmCandidate.ACL);
        };
    }

    /** The choice without calibration: the first candidate whose library loaded. */
    public static List<GemmCandidate> defaultOrder(Isa isa) {
        return gemmCandidates(isa);
    }
}
