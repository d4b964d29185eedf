package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

/**
 * Chooses the GEMM implementation for one pointwise conv or FC layer (Vector API, OpenBLAS, ACL...).
 * The planner asks once per layer at compile time.
 */
@FunctionalInterface
public interface PointwiseSelector {
    /**
     * @param layer       the node name
     * @param outChannels M (per group)
     * @param inChannels  K (per group)
     * @param pixels      pixels per image (1 for FC)
     */
    PointwiseConvKernel choose(String layer, int outChannels, int inChannels, int pixels);

    /**
     * The same for a grouped layer of {@code groups} GEMMs of M x K each, run one after another on slices of
     * one input and one output. A selector that times candidates (the calibration) times them that way; the
     * others choose as for one group.
     */
    default PointwiseConvKernel choose(String layer, int outChannels, int inChannels, int pixels, int groups) {
        return choose(layer, outChannels, inChannels, pixels);
    }
}
