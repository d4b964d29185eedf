package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.runtime.PointwiseSelector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Picks the fastest GEMM implementation for each pointwise layer shape by timing the target's
 * candidates on that shape, and remembers the answer in a {@link CalibrationProfile} saved per machine,
 * so the timing happens once per machine and shape.
 *
 * <p>Timing: each candidate packs random weights of the layer's shape and runs the whole layer (all
 * pixels of one image) repeatedly; the median of the timed runs decides. The Java kernel is warmed up
 * first, since Vector API code that C2 has not compiled yet runs 100x slower and would lose unfairly.
 * {@code -Dshufflenet.calibration.millis} sets the time per candidate and shape (default 60 ms).
 */
public final class Calibration implements PointwiseSelector {
    private static final System.Logger LOG = System.getLogger("dev.shufflenet.panama.calibration");

    private final KernelSet kernels;
    private final Map<GemmCandidate, PointwiseConvKernel> available = new LinkedHashMap<>();
    private final CalibrationProfile profile;
    private final long nanosPerCandidate;
    private final Map<String, GemmCandidate> choices = new LinkedHashMap<>();
    private int measured;

    public Calibration(Target target, KernelSet kernels, CalibrationProfile profile) {
        this.kernels = kernels;
        this.profile = profile;
        for (GemmCandidate c : TargetTable.gemmCandidates(target.isa())) {
            c.kernel(kernels).ifPresent(k -> available.put(c, k));
        }
        this.nanosPerCandidate = Long.getLong("shufflenet.calibration.millis", 60) * 1_000_000L;
    }

    /** The candidates whose libraries loaded here. */
    public List<GemmCandidate> candidates() { return List.copyOf(available.keySet()); }

    /** How many shapes were timed (not found in the profile) by this instance. */
    public int measuredShapes() { return measured; }

    /** Layer name to chosen candidate, in planning order. */
    public Map<String, GemmCandidate> choices() { return Map.copyOf(choices); }

    @Override
    public synchronized PointwiseConvKernel choose(String layer, int outChannels, int inChannels, int pixels) {
        String key = CalibrationProfile.gemmKey(outChannels, inChannels, pixels);
        GemmCandidate choice = profile.get(key).filter(available::containsKey).orElse(null);
        if (choice == null) {
            choice = available.size() == 1 ? available.keySet().iterator().next()
                    : measure(outChannels, inChannels, pixels);
            profile.put(key, choice);
            profile.save();
        }
        choices.put(layer, choice);
        return available.get(choice);
    }

    private GemmCandidate measure(int m, int k, int pixels) {
        measured++;
        SplittableRandom r = new SplittableRandom(m * 31L + k * 7L + pixels);
        float[] w = randoms(r, m * k), bias = randoms(r, m);
        float[] in = randoms(r, pixels * k), out = new float[pixels * m];
        GemmCandidate best = null;
        long bestNanos = Long.MAX_VALUE;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<GemmCandidate, PointwiseConvKernel> e : available.entrySet()) {
            PointwiseConvKernel kernel = e.getValue();
            PointwiseConvKernel.PackedWeights packed = kernel.pack(w, bias, m, k);
            long median = timeMedian(kernel, packed, in, k, out, m, pixels);
            report.append(' ').append(e.getKey().id()).append('=').append(median / 1000).append("us");
            if (median < bestNanos) {
                bestNanos = median;
                best = e.getKey();
            }
            if (packed instanceof AutoCloseable c) closeQuietly(c);
        }
        LOG.log(System.Logger.Level.DEBUG, "GEMM " + m + "x" + k + "x" + pixels + ":" + report + " -> " + best.id());
        return best;
    }

    private long timeMedian(PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights packed, float[] in, int k,
                            float[] out, int m, int pixels) {
        // Warm up for half the budget (C2 must have compiled the Vector API kernel), then time runs.
        long warmEnd = System.nanoTime() + nanosPerCandidate / 2;
        while (System.nanoTime() < warmEnd) kernel.run(packed, in, 0, k, out, 0, m, 0, pixels, true);
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + nanosPerCandidate / 2;
        do {
            long t0 = System.nanoTime();
            kernel.run(packed, in, 0, k, out, 0, m, 0, pixels, true);
            times.add(System.nanoTime() - t0);
        } while (System.nanoTime() < end && times.size() < 10_000);
        long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static float[] randoms(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() - 0.5);
        return a;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // packed weights of a timing run; nothing to report
        }
    }

    /** A selector that always uses one candidate, falling back to Java (with one warning) when not loaded. */
    public static PointwiseSelector fixed(GemmCandidate candidate, KernelSet kernels, String why) {
        Optional<PointwiseConvKernel> k = candidate.kernel(kernels);
        if (k.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "backend " + candidate.id() + " requested but not available ("
                    + why + "); using the Java kernels instead");
            PointwiseConvKernel java = kernels.pointwise();
            return (layer, m, kk, p) -> java;
        }
        PointwiseConvKernel kernel = k.get();
        return (layer, m, kk, p) -> kernel;
    }
}
