package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.GemvKernels;
import dev.shufflenet.panama.kernels.HalfWidthKernels;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.stem.StemConvPoolKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every kernel of a set through its check, one {@link KernelTally} per kernel, named by the kernel's literal name:
 * the minmax (clamping) and residual add + ReLU variants are rows of their own under the names their kernels give
 * them ({@code minmaxName()}, {@code addReluName()}); the set's GEMV ({@link GemvKernels#forSet}) is one too, and
 * so is the half-width GEMM ({@link HalfWidthKernels#pointwise}) with its variants, where the set has one. The
 * fused concat-shuffle-split is counted with the shuffle kernel that implements it, and the GEMM epilogue's clamp and
 * residual passes with the epilogue (they have no names of their own). The pointwise kernel and the GEMV are
 * compared with their scalar twins' results, the others with the double or bit-exact references of their checks.
 */
public final class KernelChecks {
    private KernelChecks() {}

    /** The unit tests' sweeps, or with {@code quick} a smaller one for emulators (see each check's sweep). */
    public static List<KernelTally> run(KernelSet set, boolean quick) {
        KernelSet scalar = KernelRegistry.scalar();
        long seed = set.name().hashCode();
        List<KernelTally> tallies = new ArrayList<>();
        PointwiseConvKernel pointwise = set.pointwise();
        row(tallies, pointwise.name(), t -> PointwiseConvCheck.sweep(t, pointwise, scalar.pointwise(), quick));
        if (pointwise.addsResidual())
            row(tallies, pointwise.addReluName(), t -> PointwiseAddReluCheck.sweep(t, pointwise, quick));
        variant(tallies, pointwise::minmaxName,
                t -> PointwiseMinmaxCheck.sweep(t, pointwise, scalar.pointwise(), quick));
        // The half-width GEMM beside a vector set (f32-gemm-*-vector256 beside vector512), its variants as rows too.
        for (PointwiseConvKernel half : HalfWidthKernels.pointwise(set).stream().toList()) {
            row(tallies, half.name(), t -> PointwiseConvCheck.sweep(t, half, scalar.pointwise(), quick));
            row(tallies, half.addReluName(), t -> PointwiseAddReluCheck.sweep(t, half, quick));
            row(tallies, half.minmaxName(), t -> PointwiseMinmaxCheck.sweep(t, half, scalar.pointwise(), quick));
        }
        PointwiseConvKernel gemv = GemvKernels.forSet(set);
        row(tallies, gemv.name(), t -> GemvCheck.sweep(t, gemv, GemvKernels.forSet(scalar), quick));
        row(tallies, set.depthwise().name(), t -> DepthwiseConv3x3Check.sweep(t, set.depthwise(), seed, quick));
        variant(tallies, set.depthwise()::minmaxName, t -> DepthwiseMinmaxCheck.sweep(t, set.depthwise(), seed, quick));
        row(tallies, set.direct().name(), t -> DirectConvCheck.sweep(t, set.direct(), seed, quick));
        variant(tallies, set.direct()::minmaxName, t -> DirectConvMinmaxCheck.sweep(t, set.direct(), seed, quick));
        for (StemConvPoolKernel stem : set.stem().members()) // the family's members, each a row of its own
            row(tallies, stem.name(), t -> StemConvPoolCheck.sweep(t, stem, seed, quick));
        row(tallies, set.pool().name(), t -> PoolCheck.sweep(t, set.pool(), seed, quick));
        row(tallies, set.shuffle().name(), t -> ChannelShuffleCheck.sweep(t, set.shuffle()));
        row(tallies, set.elementwise().name(), t -> ElementwiseCheck.sweep(t, set.elementwise(), quick));
        row(tallies, set.layout().name(), t -> LayoutCheck.sweep(t, set.layout()));
        row(tallies, set.gemmEpilogue().name(), t -> GemmEpilogueCheck.sweep(t, set.gemmEpilogue(), seed, quick));
        return List.copyOf(tallies);
    }

    private static void row(List<KernelTally> tallies, String kernel, Consumer<KernelTally> sweep) {
        KernelTally t = new KernelTally(kernel);
        sweep.accept(t);
        tallies.add(t);
    }

    /** A row for a variant a kernel may lack: its name, or no row when the kernel has none. */
    private static void variant(List<KernelTally> tallies, Supplier<String> name, Consumer<KernelTally> sweep) {
        String kernel;
        try {
            kernel = name.get();
        } catch (UnsupportedOperationException none) {
            return;
        }
        row(tallies, kernel, sweep);
    }
}
