package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bench.paper.PaperMachine;
import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.check.KernelChecks;
import dev.shufflenet.panama.kernels.check.KernelTally;
import dev.shufflenet.panama.kernels.check.PointwiseConvCheck;
import dev.shufflenet.panama.tuning.GemmCandidate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the self-test: every kernel set this JVM has (at its species), the vector set again at 128 bits in a
 * child JVM, every native GEMM backend found (its pointwise kernel against the scalar twin, over the pointwise
 * sweep), and the torchvision reference model on every loadable backend. Progress lines go to {@code progress}.
 */
public final class Selftest {
    private final Supplier<List<KernelSet>> kernelSets;
    private final boolean quick;
    private final boolean narrowPass;
    private final boolean reference;
    private final PrintWriter progress;

    /**
     * @param kernelSets the sets to check: {@link KernelRegistry#all()} for users; a test passes a set with a
     *                   deliberately wrong kernel to see the self-test fail and name it
     * @param quick      the quick sweeps of {@link KernelChecks} (for emulators), a shorter warm-up, and the
     *                   reference model once (on the Java kernels) instead of once per backend
     * @param narrowPass whether to start the 128-bit child JVM (where the species is wider)
     * @param reference  whether to run the torchvision reference model
     */
    public Selftest(Supplier<List<KernelSet>> kernelSets, boolean quick, boolean narrowPass, boolean reference,
                    PrintWriter progress) {
        this.kernelSets = kernelSets;
        this.quick = quick;
        this.narrowPass = narrowPass;
        this.reference = reference;
        this.progress = progress;
    }

    public SelftestReport run() {
        long start = System.nanoTime();
        List<SetResult> sets = new ArrayList<>();
        for (KernelSet set : kernelSets.get()) {
            progress.println("selftest: kernel set " + set.name() + "...");
            progress.flush();
            sets.add(checkSet(set, "this", quick));
        }
        String narrow;
        if (narrowPass) {
            progress.println("selftest: vector kernels at " + NarrowSpeciesPass.BITS + " bits (child JVM)...");
            progress.flush();
            NarrowSpeciesPass.Outcome o = NarrowSpeciesPass.run(quick);
            if (o.set() != null) sets.add(o.set());
            narrow = o.note();
        } else {
            narrow = "skipped (--no-128)";
        }
        progress.println("selftest: native backends...");
        progress.flush();
        List<BackendResult> backends = checkBackends(quick);
        List<ReferenceResult> reference = List.of();
        if (this.reference) {
            progress.println("selftest: torchvision reference model...");
            progress.flush();
            reference = ReferenceModelCheck.run(quick);
        }

        int run = 0, failed = 0;
        List<String> loaded = new ArrayList<>();
        for (SetResult s : sets)
            for (KernelResult k : s.kernels()) {
                run += k.cases();
                failed += k.failed();
            }
        for (BackendResult b : backends)
            if (b.loaded()) {
                loaded.add(b.backend());
                run += b.pointwise().cases();
                failed += b.pointwise().failed();
            }
        boolean passed = failed == 0 && !narrow.startsWith("FAILED") && reference.stream().allMatch(ReferenceResult::ok);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SelftestReport(SelftestReport.KIND, PaperMachine.detect(OnnxRuntimeAvailability.load()), quick,
                seconds, passed, run, failed, loaded, sets, narrow, backends, reference);
    }

    /** One set's kernels through {@link KernelChecks} at this JVM's species. */
    static SetResult checkSet(KernelSet set, String jvm, boolean quick) {
        // Compile the vector GEMMs' and GEMV's micro-kernels first: interpreted, their bigger cases take seconds each.
        set.pointwise().warmUp(quick ? 1_000 : 3_000);
        GemvKernels.forSet(set).warmUp(quick ? 1_000 : 3_000);
        HalfWidthKernels.pointwise(set).ifPresent(k -> k.warmUp(quick ? 1_000 : 3_000));
        List<KernelResult> kernels = KernelChecks.run(set, quick).stream().map(KernelResult::of).toList();
        int bits = set.name().equals(KernelRegistry.scalar().name()) ? 0 : vectorBits();
        return new SetResult(set.name(), bits, jvm, kernels);
    }

    private static int vectorBits() {
        return KernelRegistry.vectorApiAvailable() ? dev.shufflenet.panama.kernels.VectorConfig.BITS : 0;
    }

    /** Each native GEMM backend: loaded or not, and if loaded its pointwise kernel over the pointwise sweep. */
    static List<BackendResult> checkBackends(boolean quick) {
        KernelSet scalar = KernelRegistry.scalar();
        List<BackendResult> out = new ArrayList<>();
        for (GemmCandidate c : GemmCandidate.values()) {
            // The kernel sets above: their GEMM, their GEMV (GemvKernels.forSet) over its own sweep, and their
            // half-width GEMM (HalfWidthKernels.pointwise), rows of KernelChecks.
            if (c == GemmCandidate.JAVA || c == GemmCandidate.JAVA_GEMV || c == GemmCandidate.JAVA_HALF) continue;
            var kernel = c.kernel(KernelRegistry.best());
            if (kernel.isEmpty()) {
                out.add(new BackendResult(c.id(), false, BackendNotes.whyNotLoaded(c), null));
                continue;
            }
            KernelTally t = new KernelTally(kernel.get().name());
            PointwiseConvCheck.sweep(t, kernel.get(), scalar.pointwise(), quick);
            out.add(new BackendResult(c.id(), true, BackendNotes.describeLoaded(c), KernelResult.of(t)));
        }
        return out;
    }
}
