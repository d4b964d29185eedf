package dev.shufflenet.panama.bench;

/** Where benchmark results go as they are produced (a human table, or JSON lines for scripts). */
public interface BenchReport {
    void header(BenchHeader header);

    /** A remark that is not a measurement: an engine skipped and why. */
    void note(String message);

    /** The two engines' logits for one configuration, compared before timing it. */
    void agreement(String model, int batch, int threads, LogitAgreement agreement);

    void measurement(Measurement m);
}
