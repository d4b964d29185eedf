package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.conv.VectorDirectConv;
import dev.shufflenet.panama.kernels.dwconv.VectorDepthwiseConv3x3;
import dev.shufflenet.panama.kernels.elementwise.VectorElementwise;
import dev.shufflenet.panama.kernels.gemm.VectorGemmEpilogue;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import dev.shufflenet.panama.kernels.layout.VectorLayout;
import dev.shufflenet.panama.kernels.pool.VectorPool;
import dev.shufflenet.panama.kernels.shuffle.VectorChannelShuffle;
import dev.shufflenet.panama.kernels.stem.VectorStemConvPool;

/**
 * Builds the Vector API kernel set. Kept apart from {@link KernelRegistry} so that its classes, which
 * link against jdk.incubator.vector, load only when this class initialises, which the registry lets
 * happen only when the module is present.
 */
final class VectorKernels {
    static final KernelSet SET = new KernelSet(VectorConfig.setName(), new VectorPointwiseConv(),
            new VectorDepthwiseConv3x3(), new VectorDirectConv(), new VectorStemConvPool(), new VectorPool(), new VectorChannelShuffle(),
            new VectorElementwise(), new VectorLayout(), new VectorGemmEpilogue());

    private VectorKernels() {}
}
