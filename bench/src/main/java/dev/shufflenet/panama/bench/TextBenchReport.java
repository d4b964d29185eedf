package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.kernels.ArrayAlignment;
import dev.shufflenet.panama.tuning.Target;

import java.io.PrintWriter;


import java.util.Locale;

/** A table for people: the header facts, one row per engine and configuration, and the logit checks. */
public final class TextBenchReport implements BenchReport {
    private static final String ROW = "%-14s %5s %7s  %-11s %-7s %9s %9s %10s %7s %7s %8s%n";

    private final PrintWriter out;
    private final PrintWriter err;

    public TextBenchReport(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void header(BenchHeader h) {
        MachineFacts m = h.machine();
        BenchSettings s = h.settings();
        out.println("shufflenet-panama benchmark");
        out.printf(Locale.ROOT, "  cpu     %s, %d cores, %s%n", m.cpuModel(), m.cores(), m.isaDescription());
        out.printf(Locale.ROOT, "  os      %s %s%n", m.osName(), m.osArch());
        out.printf(Locale.ROOT, "  jdk     %s (%s)%n", m.jdkVersion(), m.jdkVendor());
        out.printf(Locale.ROOT, "  vector  %s; kernel set %s; backend %s%n", m.vectorDescription(), m.kernelSet(),
                s.backendNames());
        if (m.vectorBits() > 0) out.printf(Locale.ROOT, "  weights %s%n", ArrayAlignment.describe());
        Target target = Target.detect();
        out.printf(Locale.ROOT, "  target  %s%n", target.summary());
        out.printf(Locale.ROOT, "  blas    %s%n", target.openBlas());
        out.printf(Locale.ROOT, "  acl     %s%n", target.acl());
        if (h.ort().available()) {
            out.printf(Locale.ROOT, "  peer    ONNX Runtime %s (CPU provider, ALL_OPT, intra-op threads = threads, inter-op 1)%n",
                    h.ort().version());
        } else {
            out.println("  peer    NONE: ONNX Runtime did not load (" + h.ort().unavailableReason()
                    + "); reporting shufflenet-panama only");
        }
        out.printf(Locale.ROOT, "  input   %dx%d, uniform random in [-1, 1), seed %d%n", s.height(), s.width(), s.seed());
        out.printf(Locale.ROOT, "  timing  per engine and configuration: %.1f s warm-up, then %.1f s timed, engines"
                + " alternating in %.2f s turns; 'calls' = timed repetitions%n", s.warmupSeconds(), s.seconds(),
                s.blockSeconds());
        if (s.scaling())
            out.printf(Locale.ROOT, "  scaling every thread count of a model and batch runs in the same alternating run"
                    + " (both engines); vs_min_t = images/s over the same engine's at %d thread(s)%n",
                    s.threads().stream().mapToInt(Integer::intValue).min().orElse(1));
        out.println();
        out.printf(Locale.ROOT, ROW, "model", "batch", "threads", "engine", "backend", "median_ms", "p90_ms",
                "images/s", "calls", "vs_ort", s.scaling() ? "vs_min_t" : "");
        out.flush();
    }

    @Override
    public void note(String message) {
        out.println("  note: " + message);
        out.flush();
    }

    @Override
    public void agreement(String model, int batch, int threads, LogitAgreement a) {
        String line = String.format(Locale.ROOT, "  logits %s batch %d threads %d: max|ours - ort| / max|ort| = %.2e",
                model, batch, threads, a.relative());
        if (a.acceptable()) {
            out.println(line + " (ok)");
        } else {
            String warning = "!!! WARNING: " + line.trim() + " exceeds " + LogitAgreement.WARN_ABOVE
                    + ": the engines disagree, so these timings compare different answers !!!";
            out.println(warning);
            err.println(warning);
            err.flush();
        }
        out.flush();
    }

    @Override
    public void measurement(Measurement m) {
        LatencyStats s = m.stats();
        out.printf(Locale.ROOT, ROW, m.model(), m.batch(), m.threads(), m.engine(), m.backend(),
                String.format(Locale.ROOT, "%.3f", s.medianMs()), String.format(Locale.ROOT, "%.3f", s.p90Ms()),
                String.format(Locale.ROOT, "%.1f", m.imagesPerSecond()), s.count(),
                m.ratioVsOrt() == null ? "" : String.format(Locale.ROOT, "%.2fx", m.ratioVsOrt()),
                m.speedupVsFewestThreads() == null ? "" : String.format(Locale.ROOT, "%.2fx", m.speedupVsFewestThreads()));
        out.flush();
    }
}
