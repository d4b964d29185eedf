package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.ScalarGemv;
import dev.shufflenet.panama.kernels.gemm.ScalarPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorGemv;

/**
 * The matrix-vector kernel (the FC layer at batch 1) that goes with a kernel set: {@link VectorGemv} beside
 * the Vector API set, its scalar twin {@link ScalarGemv} beside the scalar one. Kept out of {@link KernelSet}
 * because it is one more GEMM candidate (chosen per layer by the calibration), not an operation of its own;
 * as in {@link KernelRegistry}, the vector class loads only when the module is present and asked for.
 */
public final class GemvKernels {
    private GemvKernels() {}

    /** The GEMV of {@code set}'s kind: scalar for a set whose GEMM is the scalar one, else the vector one. */
    public static PointwiseConvKernel forSet(KernelSet set) {
        if (set.pointwise() instanceof ScalarPointwiseConv || !KernelRegistry.vectorApiAvailable())
            return ScalarHolder.GEMV;
        return VectorHolder.GEMV;
    }

    private static final class ScalarHolder {
        static final PointwiseConvKernel GEMV = new ScalarGemv();
    }

    private static final class VectorHolder {
        static final PointwiseConvKernel GEMV = new VectorGemv();
    }
}
