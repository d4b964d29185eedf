package dev.shufflenet.panama.kernels.config;

import java.util.List;
import java.util.Objects;

/**
 * Every per-target decision of the library, in one value chosen once at start-up
 * ({@link TargetConfigs#current()}), as XNNPACK's {@code src/configs/*-config.c} do: kernels copy what they
 * need into {@code static final} fields (so C2 folds it), the registry names its set from it, the planner
 * asks the kernels (which consult it), and the calibration weighs {@link #gemmBackends} with
 * {@link #calibration}. The definitions, with the reason and the number behind each value, are in
 * {@link TargetConfigs}.
 *
 * @param name               the target, e.g. "x86-avx512"; printed by {@code info}
 * @param vectorBits         the float species in use (VectorConfig); 0 without the Vector API
 * @param vectorRegisters    architectural vector registers C2 can allocate (16 on AVX2 and SSE, 32 on
 *                           AVX-512, NEON and SVE)
 * @param gemm               the pointwise GEMM's main tile
 * @param stem               the direct (stem) conv's tiles
 * @param halfWidthZip       whether the v2 fused concat + shuffle + split zips half-width vectors for halves
 *                           under two full vectors
 * @param shuffleMinRunVectors a g-group shuffle moves whole vectors when each of its runs (C/g channels) holds at
 *                           least this many vectors; shorter runs go one float at a time
 * @param gemmBackends       the GEMM implementations calibration weighs, in order of preference; without a
 *                           calibration the first one that loads is used
 * @param groupedGemmBackends what the calibration weighs for a grouped 1x1 conv (ShuffleNet v1's), in order of
 *                           preference: GEMM backends, and JAVA_HALF (the Java GEMM at half the width, timed only
 *                           for layers where it computes fewer padded lanes); one candidate left means no timing
 * @param calibration        how calibration times them
 * @param openBlasTransB     OpenBLAS gets the weights as given, [M][K], with TransB (rather than repacked to
 *                           [K][M])
 * @param openBlasBiasPass   OpenBLAS adds the bias in a pass after a beta = 0 product (rather than prefilling
 *                           the output and using beta = 1)
 */
public record TargetConfig(String name, int vectorBits, int vectorRegisters, GemmTile gemm, DirectConvTiles stem,
                           boolean halfWidthZip, int shuffleMinRunVectors, List<GemmBackend> gemmBackends,
                           List<GemmBackend> groupedGemmBackends, CalibrationPolicy calibration,
                           boolean openBlasTransB, boolean openBlasBiasPass) {
    public TargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gemm, "gemm");
        Objects.requireNonNull(stem, "stem");
        Objects.requireNonNull(calibration, "calibration");
        gemmBackends = List.copyOf(gemmBackends);
        if (gemmBackends.isEmpty() || !gemmBackends.contains(GemmBackend.JAVA))
            throw new IllegalArgumentException(name + ": the GEMM backends must include JAVA (the fallback that"
                    + " always loads); found " + gemmBackends);
        groupedGemmBackends = List.copyOf(groupedGemmBackends);
        boolean groupedValid = groupedGemmBackends.contains(GemmBackend.JAVA);
        for (GemmBackend b : groupedGemmBackends)
            groupedValid &= gemmBackends.contains(b) || b == GemmBackend.JAVA_HALF;
        if (!groupedValid)
            throw new IllegalArgumentException(name + ": the grouped GEMM backends must include JAVA and be GEMM"
                    + " backends " + gemmBackends + " or JAVA_HALF; found " + groupedGemmBackends);
        if (gemmBackends.contains(GemmBackend.JAVA_HALF))
            throw new IllegalArgumentException(name + ": JAVA_HALF is weighed for grouped layers only"
                    + " (groupedGemmBackends); found it in the GEMM backends " + gemmBackends);
        if (vectorBits < 0 || (vectorBits & (vectorBits - 1)) != 0 && vectorBits % 128 != 0)
            throw new IllegalArgumentException(name + ": vectorBits must be 0 or a vector width, found " + vectorBits);
        if (shuffleMinRunVectors < 1)
            throw new IllegalArgumentException(name + ": shuffleMinRunVectors must be at least 1, found "
                    + shuffleMinRunVectors);
    }

    /** The GEMM backend used when there is no calibration: the first in {@link #gemmBackends}. */
    public GemmBackend defaultGemmBackend() {
        return gemmBackends.get(0);
    }

    /**
     * What the calibration weighs for a layer of one pixel per image (the FC layer at batch 1, a matrix-vector
     * product), in order of preference: the GEMM backends (OpenBLAS calls {@code cblas_sgemv} there), then the
     * Java GEMV, which must win by the policy's margin. Why last: GemvBenchmark on AVX2 (docs/measurements.md,
     * "FC layer at batch 1") measured all three at the same speed at batch 1, the speed of the cache or memory
     * the weights come from, while the plan made at batch 1 also serves batch 8, where the Java GEMM ran the
     * GEMV's pairs of pixels in half their time. Unmeasured on AVX-512 and arm64: the calibration decides.
     */
    public List<GemmBackend> fcBackends() {
        List<GemmBackend> backends = new java.util.ArrayList<>(gemmBackends.size() + 1);
        for (GemmBackend b : gemmBackends) if (b != GemmBackend.JAVA_GEMV) backends.add(b);
        backends.add(GemmBackend.JAVA_GEMV);
        return List.copyOf(backends);
    }
}
