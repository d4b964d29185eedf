package dev.shufflenet.panama.bench.paper;

import java.util.List;

/**
 * One engine's result for one cell of report.json (written with snake_case names: {@code median_ms},
 * {@code images_per_s}, ...). A failed cell has {@code status = "failed"}, the reason in {@code error}, and
 * null timings.
 *
 * @param mflops      multiply-adds of one image in millions (the papers' "FLOPs")
 * @param ratioVsOrt  our images/s over ONNX Runtime's in the same cell (on our record; null on ORT's)
 * @param paper       the paper's own number for this cell where the report has one, else null
 */
public record PaperRecord(String table, String row, String column, String model, String engine, String backend,
                          int batch, int threads, int height, int width, double mflops, String status, String error,
                          Double medianMs, Double p90Ms, Double p99Ms, Double maxMs, Double imagesPerS, Double cv,
                          Boolean stable, Integer warmupRounds, Boolean warmupSettled, List<Double> roundMediansMs,
                          Double ratioVsOrt, String paper) {

    public boolean ok() { return "ok".equals(status); }
}
