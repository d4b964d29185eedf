package dev.shufflenet.panama.tuning;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the calibration tells the user (logger {@value #LOGGER}, level INFO): one line when a compile
 * starts timing shapes that are not in the profile yet, one when that compile is done. A compile whose
 * shapes are all in the profile says nothing.
 */
final class CalibrationLog {
    static final String LOGGER = "dev.shufflenet.panama.calibration";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final CalibrationProfile profile;
    private long startNanos;
    private boolean started;

    CalibrationLog(CalibrationProfile profile) {
        this.profile = profile;
    }

    /** Before timing a shape: says, the first time, what is about to happen and about how long it takes. */
    synchronized void measuring(Collection<GemmCandidate> candidates, long nanosPerCandidate) {
        if (started) return;
        started = true;
        startNanos = System.nanoTime();
        // Per shape and candidate: a warm-up of 4 to 40 budgets (until the speed settles), then 7 interleaved
        // rounds that take half a budget in all.
        double fastest = candidates.size() * 4.5 * nanosPerCandidate / 1e9;
        double slowest = candidates.size() * 40.5 * nanosPerCandidate / 1e9;
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "calibrating the GEMM backends of this machine (once): timing %s on every pointwise layer shape"
                        + " not in the profile yet, %.1f to %.1f s per shape (a ShuffleNet has 10 to 30), plus a few"
                        + " seconds of JIT warm-up; the answers go to %s. To do it ahead of time: 'shufflenet"
                        + " calibrate' or ShuffleNet.calibrate(...).",
                candidates.stream().map(GemmCandidate::id).collect(Collectors.joining(" and ")), fastest, slowest,
                where(profile)));
    }

    /** After a compile: says how many shapes were timed, in how long, and where the answers are. */
    synchronized void done(int measuredShapes) {
        if (!started) return;
        started = false;
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "calibration done: timed %d layer shape%s in %.1f s; saved in %s", measuredShapes,
                measuredShapes == 1 ? "" : "s", (System.nanoTime() - startNanos) / 1e9, where(profile)));
    }

    private static String where(CalibrationProfile profile) {
        return profile.file().map(Object::toString).orElse("memory only (this JVM; no profile directory)");
    }
}
