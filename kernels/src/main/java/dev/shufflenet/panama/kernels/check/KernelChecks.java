package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;

import java.util.List;

/**
 * Every kernel of a set through its check, one {@link KernelTally} per kernel (the fused concat-shuffle-split
 * is counted with the shuffle kernel that implements it). The pointwise kernel is compared with the scalar
 * twin's, the others with the double or bit-exact references of their checks.
 */
public final class KernelChecks {
    private KernelChecks() {}

    /** The unit tests' sweeps, or with {@code quick} a smaller one for emulators (see each check's sweep). */
    public static List<KernelTally> run(KernelSet set, boolean quick) {
        KernelSet scalar = KernelRegistry.scalar();
        long seed = set.name().hashCode();
        KernelTally pointwise = new KernelTally(set.pointwise().name());
        PointwiseConvCheck.sweep(pointwise, set.pointwise(), scalar.pointwise(), quick);
        KernelTally depthwise = new KernelTally(set.depthwise().name());
        DepthwiseConv3x3Check.sweep(depthwise, set.depthwise(), seed, quick);
        KernelTally direct = new KernelTally(set.direct().name());
        DirectConvCheck.sweep(direct, set.direct(), seed, quick);
        KernelTally pool = new KernelTally(set.pool().name());
        PoolCheck.sweep(pool, set.pool(), seed, quick);
        KernelTally shuffle = new KernelTally(set.shuffle().name());
        ChannelShuffleCheck.sweep(shuffle, set.shuffle());
        KernelTally elementwise = new KernelTally(set.elementwise().name());
        ElementwiseCheck.sweep(elementwise, set.elementwise(), quick);
        KernelTally layout = new KernelTally(set.layout().name());
        LayoutCheck.sweep(layout, set.layout());
        KernelTally epilogue = new KernelTally(set.gemmEpilogue().name());
        GemmEpilogueCheck.sweep(epilogue, set.gemmEpilogue(), seed, quick);
        return List.of(pointwise, depthwise, direct, pool, shuffle, elementwise, layout, epilogue);
    }
}
