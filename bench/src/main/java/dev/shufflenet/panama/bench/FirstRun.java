package dev.shufflenet.panama.bench;

/**
 * One fresh JVM's first inference of one engine: milliseconds since the JVM started (its RuntimeMXBean
 * start) at each milestone, and the run after which the inference times are steady.
 *
 * @param atMain        the measuring code starts (JVM boot, class loading, the CLI's argument parsing)
 * @param loadMs        reading the ONNX file (ours: import into a graph; ONNX Runtime: its environment)
 * @param compileMs     ours: {@code CompiledModel.compile} (planning, calibration if it runs, warm-up if
 *                      asked); ONNX Runtime: session creation
 * @param warmUpRuns    the runs of a warm-up inside compile (0 for none and for ONNX Runtime)
 * @param firstRunMs    the first inference after compile
 * @param atFirstResult JVM start to the first logits
 * @param runsToSteady  runs after compile until the first one of the steady stretch (1 = the first run)
 * @param atSteady      JVM start to the end of that run
 * @param steadyMs      the median run time (wall clock) of the last third of the runs: the steady state
 * @param runs          runs timed in all
 * @param cpuAtFirstResult the CPU time of the whole process (every thread: the JIT's, the GC's, a team's)
 *                      from the JVM's start to the first logits, in milliseconds: the work the first
 *                      result costs, which a loaded machine does not inflate as it does the wall clock
 * @param cpuAtSteady   the same up to the end of the first steady run
 */
public record FirstRun(String model, String engine, int threads, boolean warmUpInCompile,
                       double atMain, double loadMs, double compileMs, int warmUpRuns, double firstRunMs,
                       double atFirstResult, int runsToSteady, double atSteady, double steadyMs, int runs,
                       double cpuAtFirstResult, double cpuAtSteady) {
}
