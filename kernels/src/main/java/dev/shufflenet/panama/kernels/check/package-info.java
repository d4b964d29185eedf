/**
 * The kernels' correctness checks, in main scope so that both the unit tests and {@code shufflenet selftest}
 * (a board with a JDK and no Maven) run the same sweeps against the same independent references: views at
 * offsets and strides inside NaN sentinels, channel counts below, at and above the vector width, and
 * per-output error bounds derived from float rounding.
 *
 * <p>A check throws {@link java.lang.AssertionError} at its first wrong output, as a JUnit assertion would;
 * {@link dev.shufflenet.panama.kernels.check.KernelTally} runs checks as cases, counts the failed ones and
 * keeps the worst error seen against its bound. Nothing here touches the Vector API: the checks see kernels
 * only through their interfaces, so they run on a JVM without the incubator module too.
 */
package dev.shufflenet.panama.kernels.check;
