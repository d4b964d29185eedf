package dev.shufflenet.panama;

import dev.shufflenet.panama.runtime.Engine;

import java.time.Duration;
import java.util.SplittableRandom;

/** Runs a {@link WarmUp} on a freshly planned engine, on the calling thread (the one compiling). */
final class WarmUpRunner {
    private WarmUpRunner() {}

    /**
     * Runs {@code engine} on one synthetic batch of {@code batch} images until the warm-up's run or time
     * bound, or until the run times settle. The input is uniform in [-1, 1) (the range of normalized
     * pixels), so every kernel takes the path real images take; the logits are thrown away.
     */
    static WarmUp.Report run(Engine engine, WarmUp warmUp, int batch) {
        if (!warmUp.enabled()) return WarmUp.Report.NONE;
        float[] input = new float[Math.toIntExact((long) batch * engine.inputChannels() * engine.height() * engine.width())];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < input.length; i++) input[i] = (float) (random.nextDouble() * 2 - 1);
        float[] output = new float[Math.toIntExact((long) batch * engine.outputPerImage())];
        long budget = warmUp.maxTime().toNanos();
        SteadyRuns steady = new SteadyRuns();
        long start = System.nanoTime();
        int runs = 0;
        boolean settled = false;
        do { // at least one run: a warm-up that asked for any ends with every kernel having run once
            long t0 = System.nanoTime();
            engine.run(input, 0, batch, output, 0);
            runs++;
            settled = steady.add(System.nanoTime() - t0);
        } while (runs < warmUp.maxRuns() && System.nanoTime() - start < budget && !settled);
        return new WarmUp.Report(runs, Duration.ofNanos(System.nanoTime() - start), settled);
    }
}
