package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.selftest.Selftest;
import dev.shufflenet.panama.selftest.SelftestReport;
import dev.shufflenet.panama.selftest.SelftestSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code shufflenet selftest}: the kernels' correctness checks, the native backends and the reference model, here. */
@Command(name = "selftest", sortOptions = false,
        description = {"Check this machine: every registered kernel against its reference over the unit tests'"
                + " sweeps (at this JVM's vector width, and at 128 bits in a child JVM), every native GEMM backend"
                + " found against the scalar twin, and torchvision's ShuffleNet v2 1.0x against PyTorch's logits.",
                "Needs only a JDK 25 (no Maven). Exit code 0 when everything passed, " + SelftestCommand.FAILED
                        + " when anything failed."})
final class SelftestCommand implements Callable<Integer> {
    static final int FAILED = 4;

    /**
     * Test-only hook: the kernel sets to check instead of {@link KernelRegistry#all()}, so that a test can inject
     * a deliberately wrong kernel and see the self-test fail and name it. Not reachable from the command line.
     */
    static Supplier<List<KernelSet>> kernelSetsForTest;

    @Option(names = "--json", description = "One JSON record on stdout (progress on stderr), for scripts and"
            + " 'paper compare'.")
    boolean json;

    @Option(names = "--quick", description = "Smaller sweeps (channel counts around the vector width and 58, a third"
            + " of the pointwise shapes, no ShuffleNet-sized layers), a shorter warm-up, and the reference model once"
            + " on the Java kernels instead of once per backend (for emulators and CI).")
    boolean quick;

    @Option(names = "--no-128", description = "Skip the 128-bit pass in a child JVM (where a JVM cannot start"
            + " another, e.g. under qemu-user without binfmt_misc; run it there with -D"
            + "shufflenet.vectorBits=128 instead).")
    boolean no128;

    @Option(names = "--no-reference", description = "Leave out the torchvision reference model (under an emulator it"
            + " takes most of the time; the arm64 lane runs it as a unit test already).")
    boolean noReference;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Supplier<List<KernelSet>> sets = kernelSetsForTest != null ? kernelSetsForTest : KernelRegistry::all;
        SelftestReport r = new Selftest(sets, quick, !no128, !noReference, err).run();
        if (json) {
            out.println(r.toJson());
            out.flush();
        } else {
            SelftestSummary.print(r, out);
        }
        return r.passed() ? 0 : FAILED;
    }
}
