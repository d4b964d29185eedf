package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
import dev.shufflenet.panama.kernels.gemm.GemmEpilogueKernel;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.layout.LayoutKernel;
import dev.shufflenet.panama.kernels.pool.PoolKernel;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.util.Objects;

/**
 * One implementation of every operation a ShuffleNet needs. Kernels are stateless and thread-safe, so a
 * set is shared by every model and thread that uses it.
 *
 * @param name         e.g. "scalar" or "vector512"
 * @param stem         the stem's conv + ReLU + max pool in one pass, reading the NCHW input
 * @param gemmEpilogue bias and ReLU passes after a native GEMM (the OpenBLAS backend), so that the
 *                     Vector API is touched only where the set is the vector one
 */
public record KernelSet(String name, PointwiseConvKernel pointwise, DepthwiseConv3x3Kernel depthwise,
                        DirectConvKernel direct, StemConvPoolKernel stem, PoolKernel pool, ChannelShuffleKernel shuffle,
                        ElementwiseKernel elementwise, LayoutKernel layout, GemmEpilogueKernel gemmEpilogue) {
    public KernelSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pointwise, "pointwise");
        Objects.requireNonNull(depthwise, "depthwise");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(stem, "stem");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(shuffle, "shuffle");
        Objects.requireNonNull(elementwise, "elementwise");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(gemmEpilogue, "gemmEpilogue");
    }

    @Override
    public String toString() {
        return name + " [" + pointwise.name() + ", " + depthwise.name() + ", " + direct.name() + ", "
                + stem.name() + ", " + pool.name() + ", " + shuffle.name() + ", " + shuffle.concatShuffleSplitName() + ", " + elementwise.name()
                + ", " + layout.name() + ", " + gemmEpilogue.name() + "]";
    }
}
