package dev.shufflenet.panama.selftest;

import java.util.List;

/**
 * A kernel set's kernels at one species width.
 *
 * @param set        the set's name ("scalar", "vector256", ...)
 * @param vectorBits the species width the set ran at (0 for the scalar set)
 * @param jvm        "this" for the self-test's own JVM, or the child JVM's distinguishing flag
 */
public record SetResult(String set, int vectorBits, String jvm, List<KernelResult> kernels) {
    boolean ok() { return kernels.stream().allMatch(KernelResult::ok); }
}
