package dev.shufflenet.panama.kernels.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cases run against one kernel: how many, how many failed (with the first failures' messages), and the
 * worst error seen against its bound (error / bound; 0 when every output was exact, 1 at the bound).
 *
 * <p>A case is one call configuration of a check; it fails at its first {@link AssertionError} or at any
 * exception the kernel throws. The checks report errors through {@link Views#assertWithin}, which finds the
 * tally of the case running on this thread; outside a tally (in a unit test) nothing is recorded.
 */
public final class KernelTally {
    /** Messages kept per kernel: the first failures say what broke; a thousand more say nothing new. */
    public static final int KEPT_FAILURES = 5;

    private static final ThreadLocal<KernelTally> RUNNING = new ThreadLocal<>();

    private final String kernel;
    private int cases;
    private int failed;
    private double worstRatio;
    private String worstWhere;
    private final List<String> failures = new ArrayList<>();
    private String currentCase;
    private long nanos;

    public KernelTally(String kernel) {
        this.kernel = kernel;
    }

    /** Runs one case; an AssertionError or exception from it counts it as failed and is kept as its message. */
    public void run(String where, Runnable check) {
        cases++;
        KernelTally outer = RUNNING.get();
        RUNNING.set(this);
        currentCase = where;
        long start = System.nanoTime();
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            failed++;
            if (failures.size() < KEPT_FAILURES)
                failures.add(e instanceof AssertionError ? e.getMessage() : where + ": " + e);
        } finally {
            nanos += System.nanoTime() - start;
            currentCase = null;
            RUNNING.set(outer);
        }
    }

    /** {@link #run} for a check that describes its case lazily. */
    public void run(Supplier<String> where, Runnable check) {
        run(where.get(), check);
    }

    static void recordError(double error, double bound) {
        KernelTally t = RUNNING.get();
        if (t == null) return;
        double ratio = error == 0 ? 0 : bound == 0 || Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / bound;
        if (ratio > t.worstRatio) {
            t.worstRatio = ratio;
            t.worstWhere = t.currentCase;
        }
    }

    public String kernel() { return kernel; }

    public int cases() { return cases; }

    public int failed() { return failed; }

    /** Largest |error| / bound over every output checked (0: all exact; above 1 only in a failed case). */
    public double worstRatio() { return worstRatio; }

    /** The case where {@link #worstRatio} was seen, or null when every output was exact. */
    public String worstWhere() { return worstWhere; }

    /** Seconds spent in this kernel's cases (references included). */
    public double seconds() { return nanos / 1e9; }

    /** The first {@value #KEPT_FAILURES} failures' messages. */
    public List<String> failures() { return List.copyOf(failures); }

    /** Throws an AssertionError with the failures unless every case passed (for unit tests). */
    public void assertPassed() {
        if (failed > 0)
            throw new AssertionError(kernel + ": " + failed + " of " + cases + " cases failed: "
                    + String.join("; ", failures));
    }
}
