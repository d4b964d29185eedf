package dev.shufflenet.panama;

import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.runtime.PointwiseSelector;
import dev.shufflenet.panama.tuning.Calibration;
import dev.shufflenet.panama.tuning.CalibrationProfile;
import dev.shufflenet.panama.tuning.GemmCandidate;
import dev.shufflenet.panama.tuning.Target;

/**
 * Maps a {@link Backend} choice to the per-layer GEMM selector the planner uses. Only the selector that needs a
 * native library loads it (OpenBLAS, ACL, or both for calibration); {@code JAVA} loads none.
 */
final class Backends {
    private Backends() {}

    static PointwiseSelector selector(Backend backend, KernelSet kernels) {
        Target target = Target.detect();
        return switch (backend) {
            case JAVA -> (layer, m, k, pixels) -> kernels.pointwise();
            case OPENBLAS -> Calibration.fixed(GemmCandidate.OPENBLAS, kernels, target.openBlas());
            case ACL -> Calibration.fixed(GemmCandidate.ACL, kernels, target.acl());
            case AUTO -> new Calibration(target, kernels, CalibrationProfile.forTarget(target));
        };
    }
}
