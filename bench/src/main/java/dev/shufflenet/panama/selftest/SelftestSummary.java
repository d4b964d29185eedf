package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.bench.paper.PaperMachine;

import java.io.PrintWriter;
import java.util.Locale;

/** The self-test's summary for people: the machine, one line per kernel, the backends, the reference, the verdict. */
public final class SelftestSummary {
    private SelftestSummary() {}

    public static void print(SelftestReport r, PrintWriter out) {
        PaperMachine m = r.machine();
        out.printf(Locale.ROOT, "shufflenet selftest%s: %s%n", r.quick() ? " (--quick)" : "", r.passed() ? "PASSED" : "FAILED");
        out.printf(Locale.ROOT, "  CPU        %s, %d logical CPUs%s%s%n", m.cpuModel(), m.logicalCpus(),
                m.threadsPerCore() == null ? "" : ", " + m.threadsPerCore() + " threads per core",
                m.maxClockMhz() == null ? "" : String.format(Locale.ROOT, ", %.0f MHz", m.maxClockMhz()));
        out.printf(Locale.ROOT, "  ISA        %s (%s)%n", m.isaFlags().isEmpty() ? "none of the flags of interest"
                : String.join(" ", m.isaFlags()), m.osArch());
        out.printf(Locale.ROOT, "  vectors    %s%n", m.vectorBits() == 0 ? "no Vector API (scalar kernels only)"
                : m.vectorBits() + "-bit species (kernel set " + m.kernelSet() + "); 128-bit pass: " + r.narrowPass());
        out.printf(Locale.ROOT, "  backends   %s%n", r.backendsLoaded().isEmpty() ? "none native (Java kernels only)"
                : String.join(", ", r.backendsLoaded()));
        out.printf(Locale.ROOT, "  JDK        %s, %s %s%n", m.jdkVersion(), m.osName(), m.osVersion());
        // The kernel column as wide as the longest name (the fused stem's are 50 characters), at least 40.
        int width = 40;
        for (SetResult s : r.sets())
            for (KernelResult k : s.kernels()) width = Math.max(width, k.kernel().length());
        for (BackendResult b : r.backends()) if (b.loaded()) width = Math.max(width, b.pointwise().kernel().length());
        out.printf(Locale.ROOT, "%n  %-10s %-4s %-" + width + "s %7s %7s %7s  %s%n", "set", "bits", "kernel", "cases",
                "failed", "seconds", "worst error / bound");
        for (SetResult s : r.sets())
            for (KernelResult k : s.kernels()) line(out, width, s.set(), s.vectorBits(), k);
        for (BackendResult b : r.backends()) {
            if (b.loaded()) line(out, width, b.backend(), 0, b.pointwise());
            else out.printf(Locale.ROOT, "  %-10s not loaded: %s%n", b.backend(), b.note());
        }
        out.println();
        if (r.reference().isEmpty()) out.println("  reference  not run (--no-reference)");
        for (ReferenceResult ref : r.reference())
            out.printf(Locale.ROOT, "  reference  %s on %s (%s): max|ours - torch| / max|torch| = %.2e (bound %.0e) %s%s%n",
                    ref.model(), ref.backend(), ref.kernelSet(), ref.relativeError(), ref.tolerance(),
                    ref.ok() ? "ok" : "FAILED", ref.error() == null ? "" : ": " + ref.error());
        for (SetResult s : r.sets())
            for (KernelResult k : s.kernels())
                for (String f : k.failures()) out.printf("  FAILED %s [%s]: %s%n", k.kernel(), s.jvm(), f);
        for (BackendResult b : r.backends())
            if (b.loaded()) for (String f : b.pointwise().failures()) out.printf("  FAILED %s: %s%n", b.pointwise().kernel(), f);
        out.printf(Locale.ROOT, "  %d cases, %d failed, in %.1f s%n", r.casesRun(), r.casesFailed(), r.seconds());
        out.flush();
    }

    private static void line(PrintWriter out, int width, String set, int bits, KernelResult k) {
        String worst = k.worstErrorOverBound() == null ? "inf (a bit-exact output differed)"
                : k.worstErrorOverBound() == 0 ? "0 (exact)" : String.format(Locale.ROOT, "%.3f", k.worstErrorOverBound());
        out.printf(Locale.ROOT, "  %-10s %-4s %-" + width + "s %7d %7d %7.1f  %s%s%n", set,
                bits == 0 ? "-" : Integer.toString(bits), k.kernel(), k.cases(), k.failed(), k.seconds(), worst,
                k.ok() ? "" : "  FAILED");
    }
}
