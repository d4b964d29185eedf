package dev.shufflenet.panama.bench;

import java.util.Arrays;

/**
 * Summary of one engine's timed inferences: median and 90th percentile (nearest rank), plus min and
 * mean for context. The median is the headline because a shared machine's noise is one-sided: stalls
 * make calls slower, never faster, and a mean would absorb them.
 */
public record LatencyStats(int count, double medianMs, double p90Ms, double minMs, double meanMs) {

    /** Statistics of the first {@code count} entries of {@code nanos} (each one call's duration in ns). */
    public static LatencyStats of(long[] nanos, int count) {
        if (count <= 0) throw new IllegalArgumentException("need at least one timing, found " + count);
        if (count > nanos.length)
            throw new IllegalArgumentException("count " + count + " exceeds the " + nanos.length + " timings given");
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
        // Nearest-rank percentile: the smallest value with at least 90% of the timings at or below it.
        int p90Index = (int) Math.ceil(0.9 * count) - 1;
        double sum = 0;
        for (int i = 0; i < count; i++) sum += sorted[i];
        return new LatencyStats(count, median / 1e6, sorted[p90Index] / 1e6, sorted[0] / 1e6, sum / count / 1e6);
    }

    /** Images per second at the median latency. */
    public double imagesPerSecond(int batch) {
        return batch * 1000.0 / medianMs;
    }
}
