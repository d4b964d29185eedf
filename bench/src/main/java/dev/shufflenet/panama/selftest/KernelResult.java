package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.kernels.check.KernelTally;

import java.util.List;

/**
 * One kernel's cases in a self-test.
 *
 * @param worstErrorOverBound largest |error| / bound over every output checked: 0 when all were exact, at most 1
 *                            when every case passed; null for infinity (an output wrong where exact was required)
 * @param worstCase           the case where that was seen, null when every output was exact
 * @param failures            the first failures' messages (at most {@link KernelTally#KEPT_FAILURES})
 * @param seconds             time spent in its cases, the references' loops included
 */
public record KernelResult(String kernel, int cases, int failed, Double worstErrorOverBound, String worstCase,
                           List<String> failures, double seconds) {

    static KernelResult of(KernelTally t) {
        double w = t.worstRatio();
        return new KernelResult(t.kernel(), t.cases(), t.failed(), Double.isFinite(w) ? w : null, t.worstWhere(),
                t.failures(), t.seconds());
    }

    boolean ok() { return failed == 0; }
}
