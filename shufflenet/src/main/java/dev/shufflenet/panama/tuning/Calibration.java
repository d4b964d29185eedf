package dev.shufflenet.panama.tuning;

import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.config.CalibrationPolicy;
import dev.shufflenet.panama.kernels.config.GemmBackend;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;
import dev.shufflenet.panama.runtime.PointwiseSelector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the fastest GEMM implementation for each pointwise layer shape by timing the target's
 * candidates ({@link TargetConfig#gemmBackends}) on that shape, and remembers the answer in a
 * {@link CalibrationProfile} saved per machine, so the timing happens once per machine and shape.
 *
 * <p>Timing, by the target's {@link CalibrationPolicy}: each candidate packs random weights of the
 * layer's shape and runs the whole layer (all pixels of one image). Each is first warmed up
 * ({@link PointwiseConvKernel#warmUp}) and run until its speed stops improving (Vector API code that C2
 * has not compiled yet runs 100x slower and would lose unfairly), then the candidates take turns over
 * several rounds so that noise from other processes hits all alike; the median round decides, and a
 * candidate later in the target's list must win by the policy's margin to displace an earlier one.
 * {@code -Dshufflenet.calibration.millis} overrides the time per candidate and shape.
 *
 * <p>A grouped layer (ShuffleNet v1's 1x1 convs) weighs {@link TargetConfig#groupedGemmBackends} (on AVX-512 the
 * Java GEMM at full and at half width, the half only where it can win; else the full one, untimed) and is
 * timed as the model runs it: every group in turn, each
 * reading its slice of the wider input and writing its slice of the wider output, each with its own
 * weights, under a key of its own ({@code gemm.MxKxP.gG}, M and K per group). Timed as one dense group,
 * the Zen 4 VM's calibration gave v1 g = 3's 20-channel groups to OpenBLAS, which ran them slower than the
 * Java GEMM in the model (docs/measurements.md).
 *
 * <p>A layer of one pixel per image (the FC layer at batch 1: a matrix-vector product) weighs
 * {@link TargetConfig#fcBackends} instead, the Java GEMV among them, under a key of its own
 * ({@code gemv.MxK}).
 */
public final class Calibration implements PointwiseSelector {
    private static final System.Logger LOG = System.getLogger("dev.shufflenet.panama.calibration");

    private final KernelSet kernels;
    private final Map<GemmCandidate, PointwiseConvKernel> available = new LinkedHashMap<>();
    /** The candidates for one-pixel layers ({@link TargetConfig#fcBackends}) whose libraries loaded. */
    private final Map<GemmCandidate, PointwiseConvKernel> fcAvailable = new LinkedHashMap<>();
    /** The candidates for grouped layers ({@link TargetConfig#groupedGemmBackends}) whose libraries loaded. */
    private final Map<GemmCandidate, PointwiseConvKernel> groupedAvailable = new LinkedHashMap<>();
    private final CalibrationProfile profile;
    private final long nanosPerCandidate;
    private final CalibrationPolicy policy;
    private final Map<String, GemmCandidate> choices = new LinkedHashMap<>();
    private final CalibrationLog log;
    private int measured;

    /**
     * Calibration with this JVM's target configuration ({@link TargetConfigs#current()}); {@code target},
     * the detected machine, is what the caller keys the profile by and decides nothing here.
     */
    public Calibration(Target target, KernelSet kernels, CalibrationProfile profile) {
        this(TargetConfigs.current(), kernels, profile);
    }

    public Calibration(TargetConfig config, KernelSet kernels, CalibrationProfile profile) {
        this.kernels = kernels;
        this.profile = profile;
        this.policy = config.calibration();
        this.log = new CalibrationLog(profile);
        for (GemmBackend b : config.gemmBackends()) {
            GemmCandidate c = GemmCandidate.of(b);
            c.kernel(kernels).ifPresent(k -> available.put(c, k));
        }
        for (GemmBackend b : config.fcBackends()) {
            GemmCandidate c = GemmCandidate.of(b);
            c.kernel(kernels).ifPresent(k -> fcAvailable.put(c, k));
        }
        for (GemmBackend b : config.groupedGemmBackends()) {
            GemmCandidate c = GemmCandidate.of(b);
            c.kernel(kernels).ifPresent(k -> groupedAvailable.put(c, k));
        }
        this.nanosPerCandidate = Long.getLong("shufflenet.calibration.millis", policy.millisPerCandidate()) * 1_000_000L;
    }

    /** The candidates whose libraries loaded here. */
    public List<GemmCandidate> candidates() { return List.copyOf(available.keySet()); }

    /** The candidates for grouped layers whose libraries loaded here. */
    public List<GemmCandidate> groupedCandidates() { return List.copyOf(groupedAvailable.keySet()); }

    /** The candidates for one-pixel layers (the FC layer at batch 1) whose libraries loaded here. */
    public List<GemmCandidate> fcCandidates() { return List.copyOf(fcAvailable.keySet()); }

    /** How many shapes were timed (not found in the profile) by this instance. */
    public int measuredShapes() { return measured; }

    /** Layer name to chosen candidate, in planning order. */
    public Map<String, GemmCandidate> choices() { return Map.copyOf(choices); }

    @Override
    public PointwiseConvKernel choose(String layer, int outChannels, int inChannels, int pixels) {
        return choose(layer, outChannels, inChannels, pixels, 1);
    }

    @Override
    public synchronized PointwiseConvKernel choose(String layer, int outChannels, int inChannels, int pixels,
                                                   int groups) {
        if (groups < 1) throw new IllegalArgumentException(layer + ": groups must be at least 1, found " + groups);
        boolean oneColumn = pixels == 1 && groups == 1;
        Map<GemmCandidate, PointwiseConvKernel> pool = oneColumn ? fcAvailable : groups > 1
                ? groupedPool(outChannels) : available;
        String key = oneColumn ? CalibrationProfile.gemvKey(outChannels, inChannels)
                : CalibrationProfile.gemmKey(outChannels, inChannels, pixels, groups);
        GemmCandidate choice = profile.get(key).filter(pool::containsKey).orElse(null);
        if (choice == null) {
            choice = pool.size() == 1 ? pool.keySet().iterator().next()
                    : measure(pool, outChannels, inChannels, pixels, groups);
            profile.put(key, choice);
            profile.save();
        }
        choices.put(layer, choice);
        return pool.get(choice);
    }

    /**
     * The grouped candidates for a layer of {@code m} output channels per group: the half-width GEMM only where it can
     * win ({@link HalfWidthKernels#worthTiming}: fewer padded lanes, no more passes; 40 channels at 16 and 8 lanes, not
     * 20 or 80), so that a v1 model's first compile times few shapes.
     */
    private Map<GemmCandidate, PointwiseConvKernel> groupedPool(int m) {
        if (!groupedAvailable.containsKey(GemmCandidate.JAVA_HALF) || HalfWidthKernels.worthTiming(m))
            return groupedAvailable;
        Map<GemmCandidate, PointwiseConvKernel> pool = new LinkedHashMap<>(groupedAvailable);
        pool.remove(GemmCandidate.JAVA_HALF);
        return pool;
    }

    /** Ends a compile: says how many shapes were timed, if any (the start was said by the first one). */
    public void done() { log.done(measured); }

    private GemmCandidate measure(Map<GemmCandidate, PointwiseConvKernel> available, int m, int k, int pixels,
                                  int groups) {
        log.measuring(available.keySet(), nanosPerCandidate);
        measured++;
        SplittableRandom r = new SplittableRandom(m * 31L + k * 7L + pixels + 1009L * (groups - 1));
        float[][] w = new float[groups][], bias = new float[groups][];
        for (int g = 0; g < groups; g++) {
            w[g] = randoms(r, Math.multiplyExact(m, k));
            bias[g] = randoms(r, m);
        }
        float[] in = randoms(r, Math.multiplyExact(pixels, Math.multiplyExact(groups, k)));
        float[] out = new float[Math.multiplyExact(pixels, Math.multiplyExact(groups, m))];
        List<GemmCandidate> names = new ArrayList<>(available.keySet());
        List<TimedLayer> layers = new ArrayList<>();
        for (GemmCandidate c : names) {
            PointwiseConvKernel kernel = available.get(c);
            // Compile JIT-compiled kernels first: interpreted, a run of a large layer takes so long that
            // "no longer improving" would be declared before C2 ever ran.
            warmUpOnce(kernel);
            PointwiseConvKernel.PackedWeights[] packed = new PointwiseConvKernel.PackedWeights[groups];
            for (int g = 0; g < groups; g++) packed[g] = kernel.pack(w[g], bias[g], m, k);
            TimedLayer layer = new TimedLayer(kernel, packed, in, k, out, m, pixels);
            layers.add(layer);
            warmUntilStable(layer);
        }
        // Interleaved rounds, so that noise from other processes hits every candidate alike; each round
        // keeps a candidate's fastest of a few runs, and the median round decides.
        int rounds = policy.rounds();
        long[][] best = new long[names.size()][rounds];
        long perRound = Math.max(1, nanosPerCandidate / 2 / rounds);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                best[i][round] = fastestRun(layers.get(i), perRound);
            }
        }
        // The target's order is the preference: a later candidate must win by the margin to be chosen,
        // so that noise alone never flips a choice.
        int winner = 0;
        long winnerTime = median(best[0]);
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            long t = median(best[i]);
            report.append(' ').append(names.get(i).id()).append('=').append(t / 1000).append("us");
            if (i > 0 && t < winnerTime * (1 - policy.margin())) {
                winner = i;
                winnerTime = t;
            }
        }
        for (TimedLayer layer : layers)
            for (PointwiseConvKernel.PackedWeights p : layer.packed) if (p instanceof AutoCloseable c) closeQuietly(c);
        LOG.log(System.Logger.Level.DEBUG, "GEMM " + m + "x" + k + "x" + pixels + (groups > 1 ? " x " + groups
                + " groups" : "") + ":" + report + " -> "
                + names.get(winner).id());
        return names.get(winner);
    }

    /** Names of the kernels already warmed up in this JVM. */
    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();

    /**
     * Brings a kernel to compiled code once per JVM before any timing: measured here, the Vector API GEMM
     * ran a 58x58x784 layer at 540 us interpreted, about 60 us after its first compilation and 31 us once
     * C2 had compiled it, over a second of calls later; timed any earlier, the Java kernel lost layers to
     * OpenBLAS that it wins by 2x. At least 5 s allowed: on 2 busy cores C2 needs that long.
     */
    private void warmUpOnce(PointwiseConvKernel kernel) {
        if (WARM.contains(kernel.name())) return;
        synchronized (Calibration.class) {
            if (WARM.contains(kernel.name())) return;
            kernel.warmUp(Math.max(5000, warmUpMillis()));
            WARM.add(kernel.name());
        }
    }

    private long warmUpMillis() {
        return Long.getLong("shufflenet.calibration.warmup.millis", policy.warmUpMillis());
    }

    /**
     * Runs a kernel until its speed stops improving: Vector API code runs 100x slower until C2 has
     * compiled it, and each tile shape is a method of its own that C2 compiles for this layer's sizes only
     * after enough calls. So, by the policy: at least 300 calls and 4 time budgets, then until a window of
     * calls is no longer 3% faster than the best before it (at most 40 budgets).
     */
    private void warmUntilStable(TimedLayer layer) {
        long start = System.nanoTime();
        long minWarm = minWarmNanos();
        long previous = Long.MAX_VALUE;
        int calls = 0;
        while (true) {
            long windowEnd = System.nanoTime() + nanosPerCandidate / 8;
            long best = Long.MAX_VALUE;
            do {
                long t0 = System.nanoTime();
                layer.run();
                best = Math.min(best, System.nanoTime() - t0);
                calls++;
            } while (System.nanoTime() < windowEnd);
            long elapsed = System.nanoTime() - start;
            boolean settled = calls >= policy.minWarmCalls() && elapsed > minWarm
                    && best > previous * (1 - policy.settledGain());
            if (settled || elapsed > Math.max(minWarm, policy.maxWarmBudgets() * nanosPerCandidate)) return;
            previous = Math.min(previous, best);
        }
    }

    private static volatile boolean firstShapeWarmed;

    /**
     * 4 time budgets; for the first shape timed in this JVM, at least 1.5 s (the warm-up property): C2
     * finishes compiling the driver loop in the background only after that; measured, the first shape's
     * Java time was 268 us at 4 budgets and 12 us once compiled.
     */
    private long minWarmNanos() {
        long normal = policy.warmBudgets() * nanosPerCandidate;
        if (firstShapeWarmed) return normal;
        firstShapeWarmed = true;
        return Math.max(normal, warmUpMillis() * 1_000_000L);
    }

    /** The fastest single run within a time budget (at least three runs). */
    private static long fastestRun(TimedLayer layer, long budgetNanos) {
        long end = System.nanoTime() + budgetNanos;
        long best = Long.MAX_VALUE;
        int runs = 0;
        do {
            long t0 = System.nanoTime();
            layer.run();
            best = Math.min(best, System.nanoTime() - t0);
            runs++;
        } while (runs < 3 || System.nanoTime() < end);
        return best;
    }

    /**
     * One candidate's run of the layer as the planner lays it out: group g reads input channels [g k, (g+1) k)
     * of pixels of groups x k channels and writes output channels [g m, (g+1) m) of pixels of groups x m.
     */
    record TimedLayer(PointwiseConvKernel kernel, PointwiseConvKernel.PackedWeights[] packed, float[] in,
                      int k, float[] out, int m, int pixels) {
        void run() {
            int groups = packed.length;
            for (int g = 0; g < groups; g++)
                kernel.run(packed[g], in, g * k, groups * k, out, g * m, groups * m, 0, pixels, true);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
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
