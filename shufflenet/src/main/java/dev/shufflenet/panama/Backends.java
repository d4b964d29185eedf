package dev.shufflenet.panama;

import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.runtime.PointwiseSelector;

/** Maps a {@link Backend} choice to the per-layer GEMM selector the planner uses. */
final class Backends {
    private Backends() {}

    static PointwiseSelector selector(Backend backend, KernelSet kernels, int threads) {
        return switch (backend) {
            case JAVA, AUTO, OPENBLAS, ACL -> (layer, m, k, pixels) -> kernels.pointwise();
        };
    }
}
