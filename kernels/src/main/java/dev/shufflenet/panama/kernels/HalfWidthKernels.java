package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.kernels.gemm.ChannelBlockedWeights;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConvHalf;

import java.util.Optional;

/**
 * The Java GEMM at half the set's vector width ({@link VectorPointwiseConvHalf}: {@code f32-gemm-6x4v-*-vector256}
 * beside a 512-bit set), one more GEMM candidate that the calibration weighs per layer where the target lists it
 * ({@link dev.shufflenet.panama.kernels.config.GemmBackend#JAVA_HALF}). Kept out of {@link KernelSet} for the
 * reason {@link GemvKernels} is; as in {@link KernelRegistry}, the vector class loads only when the module is
 * present and the half width is asked for.
 */
public final class HalfWidthKernels {
    private HalfWidthKernels() {}

    /**
     * The half-width GEMM beside {@code set}, or empty: beside the scalar set, without the Vector API, and where
     * the set is 128 bits wide or less ({@link VectorConfig#HAS_HALF_WIDTH}).
     */
    public static Optional<PointwiseConvKernel> pointwise(KernelSet set) {
        if (set.pointwise() instanceof ScalarPointwiseConv || !KernelRegistry.vectorApiAvailable()) return Optional.empty();
        return VectorHolder.GEMM;
    }

    /**
     * Whether the half-width GEMM can beat the full one on a layer of {@code outChannels} (per group), so that the
     * calibration times it: {@link #worthTiming(int, int, int, int, boolean, boolean)} at this JVM's widths, the
     * target's main tile and each width's packing. Needs the Vector API (call it only where {@link #pointwise} gave
     * a kernel).
     */
    public static boolean worthTiming(int outChannels) {
        return worthTiming(outChannels, VectorConfig.LANES, VectorConfig.HALF_LANES,
                TargetConfigs.current().gemm().mainVectors(), VectorPointwiseConv.THREE_VECTOR_GROUP,
                VectorPointwiseConvHalf.THREE_VECTOR_GROUP);
    }

    /**
     * Whether the half width computes fewer lanes (channels rounded up to whole vectors: 40 channels are 48 lanes
     * at 16 and 40 at 8; 80 are 80 at both) without more passes over the pixels ({@link ChannelBlockedWeights#passes}:
     * 40 channels are 2 + 1 vectors at 16 lanes and 4 + 1 at 8, two passes each; 20 are one pass of 2 at 16, and at
     * 8 one pass of 3 where that width packs three vectors as one group ({@code halfThreeInOne}, the half width
     * beside a 512-bit set), else two of 2 + 1). Measured on Zen 4 (docs/measurements.md, sessions 12 and 17), the
     * half width won or tied only on shapes of the first kind and lost every shape with more passes (20, 24 and
     * 50 channels by 15-50% when 20 and 24 were 2 + 1 at 8 lanes).
     */
    public static boolean worthTiming(int outChannels, int lanes, int halfLanes, int mainVectors,
                                      boolean fullThreeInOne, boolean halfThreeInOne) {
        return padded(outChannels, halfLanes) < padded(outChannels, lanes)
                && ChannelBlockedWeights.passes(outChannels, halfLanes, mainVectors, halfThreeInOne)
                <= ChannelBlockedWeights.passes(outChannels, lanes, mainVectors, fullThreeInOne);
    }

    private static int padded(int channels, int lanes) {
        return (channels + lanes - 1) / lanes * lanes;
    }

    private static final class VectorHolder {
        static final Optional<PointwiseConvKernel> GEMM = VectorConfig.HAS_HALF_WIDTH
                ? Optional.of(new VectorPointwiseConvHalf()) : Optional.empty();
    }
}
