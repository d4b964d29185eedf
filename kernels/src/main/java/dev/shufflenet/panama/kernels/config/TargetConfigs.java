package dev.shufflenet.panama.kernels.config;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;

import java.util.List;
import java.util.Locale;

/**
 * One {@link TargetConfig} per target, and the one this JVM runs with, chosen once from {@code os.arch}
 * and the vector widths (the CPU's preferred one and the one in use, see VectorConfig, which honours
 * {@code -Dshufflenet.vectorBits} and, through the JDK's preferred species, {@code -XX:UseAVX}). Nothing
 * is loaded and nothing native is probed: the choice needs only the JVM's own view of the CPU.
 *
 * <p>Targets: x86 AVX-512 (preferred width 512), x86 AVX2 (preferred 256), arm64 NEON (preferred 128,
 * which includes SVE at 128 bits: the same 32 registers of 128 bits), arm64 SVE at 256 and 512 bits, and
 * generic (any other CPU, x86 below AVX2, or no Vector API). A narrower forced width keeps the register
 * file of the CPU it runs on (AVX-512 at 256 bits still has 32 registers), so the target follows the
 * preferred width and the tiles follow the register count; the width in use is {@code vectorBits}.
 *
 * <p>Measurements behind the values are in docs/measurements.md (sections named below).
 */
public final class TargetConfigs {
    private TargetConfigs() {}

    /**
     * Same policy everywhere: the values Calibration used to hard-code. Measured: the first shape timed in
     * a JVM needs 1.5 s of warm-up, since C2 finishes compiling the driver loop only then (the Java time
     * of that shape was 268 us after 4 budgets, 12 us once compiled); 300 calls and 4 budgets pass C2's
     * compile thresholds for every tile. Reasons, not measurements: 7 interleaved rounds put noise from
     * other processes on every candidate alike; the 5% margin keeps noise alone from flipping a choice;
     * 40 budgets bound a candidate that keeps improving; a window 3% faster than the best is still
     * warming; 60 ms per candidate and shape keeps calibration short.
     */
    static final CalibrationPolicy CALIBRATION = new CalibrationPolicy(60, 7, 0.05, 1500, 300, 4, 40, 0.03);

    /**
     * 6 x 4 vectors: 24 accumulators + 4 weight vectors + 1 broadcast = 29 of 32 registers, 10 loads per
     * 24 FMAs. Against 8 x 3 (also 24 accumulators, 11 loads) in one JMH run over the 18 v2 shapes, 6 x 4
     * won 17 (464x464x49: 86 against 41 GFLOP/s); see docs/measurements.md, "GEMM tile at 512 bits".
     */
    static final GemmTile TILE_32_REGISTERS = new GemmTile(6, 4);

    /**
     * 6 x 2 vectors: 12 accumulators + 2 weight vectors + 1 broadcast = 15 of 16 registers (6 x 4 needs
     * 29 and spills). PointwiseConvBenchmark at 256 bits on an AVX2 CPU, three runs, CPU time per call:
     * 6 x 2 took 0.85 of 6 x 4's time (geometric mean over the 18 v2 shapes) and was faster on 16 of them
     * (232x232x196: 0.66; 464x464x49: 0.67); 6 x 4 won 58x24x25088 (1.75), where the input is read once
     * per group. docs/measurements.md, "GEMM tile at 256 bits (AVX2)".
     */
    static final GemmTile TILE_16_REGISTERS = new GemmTile(6, 2);

    /**
     * 6 x 2v and 8 x 1v everywhere: 15 and 10 registers, so neither spills even on 16 registers, and no
     * other tile exists to measure against per target. The pair tile ran 1.7x faster than 8 x 1 alone on
     * the stem (StemConvBenchmark, 24 output channels at 16 lanes; docs/measurements.md, "Stem conv"). The
     * fused stem's 4 x 2v: the one its epilogue lets C2 compile without boxing (DirectConvTiles).
     */
    static final DirectConvTiles STEM = new DirectConvTiles(6, 8, 4, 0.25);

    /**
     * Where 16 registers cannot hold the pixel-vector stem's 29 (it would spill), the channel-vector stem always.
     * With 32: the pixel-vector stem where a quarter or more of the channel stem's lanes idle. One JVM, both
     * kernels alternating (224 x 224, AVX-512 Zen 5, 16 lanes): pixel / channel time 0.70-0.76 at 24 channels
     * (32 lanes computed, 8 idle), 1.00-1.05 at 48 and 1.23 at 16 (none idle); docs/measurements.md, "The
     * stem vectorised along pixels".
     */
    static final DirectConvTiles STEM_16_REGISTERS = new DirectConvTiles(6, 8, 4, 2.0);

    /**
     * Java first: on AVX-512 the Vector API GEMM measured at or above OpenBLAS 0.3.31 (Haswell kernels) on
     * every v2 pointwise shape (README, Choosing the GEMM). OpenBLAS second, for calibration to weigh.
     */
    static final List<GemmBackend> X86_BACKENDS = List.of(GemmBackend.JAVA, GemmBackend.OPENBLAS);

    /**
     * ShuffleNet v1's grouped 1x1 convs on AVX-512: the Java GEMM, no OpenBLAS. In the models
     * ({@code profile --backend java} against {@code --backend openblas}) the Java GEMM ran every grouped first 1x1
     * conv of v1 g = 3 1.0x faster
     * on the Zen 4 VM, and the second ones (with the add + ReLU) level, while timed alone the calibration gave
     * OpenBLAS three to five of them by a few percent, a different few each time; on the Xeon VM a fresh
     * calibration chose Java for all of them (docs/measurements.md, sessions 10 and 11). Elsewhere unmeasured:
     * the calibration weighs the target's GEMM backends.
     *
     * <p>Before it the Java GEMM at half the width (256 bits), where it can win
     * ({@link dev.shufflenet.panama.kernels.HalfWidthKernels#worthTiming}: 40 channels per group, not 20 or 80); the
     * full width must beat it by the calibration's margin. On Zen 4, whose 512-bit FMAs are two 256-bit ones, the
     * two widths in one JVM ran v1 g3's 40x80x784 x 3 groups in 158-188 us (half) against 187-232 (full), the half
     * ahead in each of 11 JVMs, while the full width's own time changed by 20% from one JVM to the next; so the half
     * is preferred and not left to a noisy timing. In {@code profile --model v1-g3-1.0} its layers ran 15-18%
     * faster. Where a 512-bit FMA is one op (Intel with two FMA units, Zen 5) the half width halves the peak and
     * loses by far more than the margin (docs/measurements.md, session 12).
     */
    static final List<GemmBackend> X86_AVX512_GROUPED_BACKENDS = List.of(GemmBackend.JAVA_HALF, GemmBackend.JAVA);

    /**
     * OpenBLAS first: its NEON/SVE kernels per CPU model (cortexa57 ... neoversev1, armv8sve) are mature,
     * and the Java GEMM's 128-bit tiles are unmeasured on real arm64 hardware; ACL's NEGEMM third.
     * Calibration measures all three and moves off OpenBLAS only by the margin.
     */
    static final List<GemmBackend> ARM64_BACKENDS = List.of(GemmBackend.OPENBLAS, GemmBackend.JAVA, GemmBackend.ACL);

    /** OpenBLAS first: without AVX2 (or the Vector API) the Java GEMM is the scalar one, 10x slower or more. */
    static final List<GemmBackend> GENERIC_BACKENDS = List.of(GemmBackend.OPENBLAS, GemmBackend.JAVA);

    /**
     * Weights as given with TransB, bias in a pass after the product: OpenBlasGemmBenchmark ran the four
     * combinations twice over 17 v2 shapes (OpenBLAS 0.3.31, 2-core EPYC); their geometric means were
     * within 5%, and this one came first both times (63 and 65 GFLOP/s per CPU-second). Also the simplest.
     */
    static final boolean OPENBLAS_TRANS_B = true, OPENBLAS_BIAS_PASS = true;

    /**
     * Half-width zips for v2 halves under two full vectors, where half-width vectors have at least 4 lanes
     * (species of 256 bits and up): ShuffleBenchmark, 24-channel halves at 16 lanes: 10 GB/s (scalar loop)
     * to 68 GB/s.
     */
    private static boolean halfWidthZip(int vectorBits) {
        return vectorBits >= 256;
    }

    /**
     * One vector per run is the least a vector pass can move; the planner folds shorter runs into the
     * GEMM's read instead (ChannelRunsGemmBenchmark: a vector pass plus a plain GEMM beat the folded read,
     * which beat a scalar pass).
     */
    static final int SHUFFLE_MIN_RUN_VECTORS = 1;

    /** x86-64 with AVX-512: 32 zmm registers. */
    public static TargetConfig x86Avx512(int vectorBits) {
        return new TargetConfig("x86-avx512", vectorBits, 32, TILE_32_REGISTERS, STEM, halfWidthZip(vectorBits),
                SHUFFLE_MIN_RUN_VECTORS, X86_BACKENDS, X86_AVX512_GROUPED_BACKENDS, CALIBRATION, OPENBLAS_TRANS_B,
                OPENBLAS_BIAS_PASS);
    }

    /** x86-64 with AVX2: 16 ymm registers. */
    public static TargetConfig x86Avx2(int vectorBits) {
        return new TargetConfig("x86-avx2", vectorBits, 16, TILE_16_REGISTERS, STEM_16_REGISTERS, halfWidthZip(vectorBits),
                SHUFFLE_MIN_RUN_VECTORS, X86_BACKENDS, X86_BACKENDS, CALIBRATION, OPENBLAS_TRANS_B, OPENBLAS_BIAS_PASS);
    }

    /**
     * arm64 NEON (and SVE at 128 bits): 32 registers of 128 bits, so the 32-register tile, chosen by
     * register count (the arm64 lane checks correctness, not speed).
     */
    public static TargetConfig arm64Neon(int vectorBits) {
        return new TargetConfig("arm64-neon", vectorBits, 32, TILE_32_REGISTERS, STEM, halfWidthZip(vectorBits),
                SHUFFLE_MIN_RUN_VECTORS, ARM64_BACKENDS, ARM64_BACKENDS, CALIBRATION, OPENBLAS_TRANS_B, OPENBLAS_BIAS_PASS);
    }

    /** arm64 SVE wider than 128 bits: 32 z registers, so the 32-register tile, by register count. */
    public static TargetConfig arm64Sve(int preferredBits, int vectorBits) {
        String name = switch (preferredBits) {
            case 256 -> "arm64-sve256";
            case 512 -> "arm64-sve512";
            default -> "arm64-sve"; // other SVE lengths (384, 1024, ...): no such machine is a target yet
        };
        return new TargetConfig(name, vectorBits, 32, TILE_32_REGISTERS, STEM, halfWidthZip(vectorBits),
                SHUFFLE_MIN_RUN_VECTORS, ARM64_BACKENDS, ARM64_BACKENDS, CALIBRATION, OPENBLAS_TRANS_B, OPENBLAS_BIAS_PASS);
    }

    /**
     * Any other CPU, x86 below AVX2, or no Vector API (vectorBits 0): assume the smallest register file
     * of the CPUs above (16), so the 16-register tile.
     */
    public static TargetConfig generic(int vectorBits) {
        return new TargetConfig("generic", vectorBits, 16, TILE_16_REGISTERS, STEM_16_REGISTERS, halfWidthZip(vectorBits),
                SHUFFLE_MIN_RUN_VECTORS, GENERIC_BACKENDS, GENERIC_BACKENDS, CALIBRATION, OPENBLAS_TRANS_B, OPENBLAS_BIAS_PASS);
    }

    /**
     * The target for an {@code os.arch} value, the CPU's preferred float vector width and the width in use
     * (both 0 without the Vector API).
     */
    public static TargetConfig choose(String osArch, int preferredBits, int vectorBits) {
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if (vectorBits == 0) return generic(0);
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            if (preferredBits >= 512) return x86Avx512(vectorBits);
            if (preferredBits == 256) return x86Avx2(vectorBits);
            return generic(vectorBits);
        }
        if (arch.equals("aarch64") || arch.equals("arm64"))
            return preferredBits <= 128 ? arm64Neon(vectorBits) : arm64Sve(preferredBits, vectorBits);
        return generic(vectorBits);
    }

    /** The configuration of this JVM, chosen on first use. */
    public static TargetConfig current() {
        return Current.CONFIG;
    }

    private static final class Current {
        static final TargetConfig CONFIG = detect();

        /** Touches VectorConfig (and so the Vector API) only when the module is present. */
        private static TargetConfig detect() {
            String arch = System.getProperty("os.arch");
            if (!KernelRegistry.vectorApiAvailable()) return choose(arch, 0, 0);
            return choose(arch, VectorConfig.PREFERRED_BITS, VectorConfig.SPECIES.vectorBitSize());
        }
    }
}
