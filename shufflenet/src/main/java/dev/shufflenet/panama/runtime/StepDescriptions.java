package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.PlanStep;

import java.util.ArrayList;
import java.util.List;

/** Turns the runtime's steps into the public {@link PlanStep} descriptions. */
final class StepDescriptions {
    private StepDescriptions() {}

    static PlanStep describe(Step s) {
        Object kernel = s.kernel();
        // A step that clamps (a fused ReLU6) runs its kernel's minmax variant, which has its own name.
        String kernelName = s instanceof Step.ConcatShuffleSplit c ? c.kernel().concatShuffleSplitName()
                : s instanceof Step.PointwiseAddRelu p ? p.kernel().addReluName()
                : s.clamps() ? switch (kernel) {
            case dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel k -> k.minmaxName();
            case dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel k -> k.minmaxName();
            case dev.shufflenet.panama.kernels.conv.DirectConvKernel k -> k.minmaxName();
            default -> throw new IllegalStateException("step " + s.name() + ": clamps, but kernel type "
                    + kernel.getClass() + " has no minmax variant");
        } : switch (kernel) {
            case dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel k -> k.name();
            case dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel k -> k.name();
            case dev.shufflenet.panama.kernels.conv.DirectConvKernel k -> k.name();
            case dev.shufflenet.panama.kernels.stem.StemConvPoolKernel k -> k.name();
            case dev.shufflenet.panama.kernels.pool.PoolKernel k -> k.name();
            case dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel k -> k.name();
            case dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel k -> k.name();
            case dev.shufflenet.panama.kernels.layout.LayoutKernel k -> k.name();
            default -> throw new IllegalStateException("step " + s.name() + ": unknown kernel type " + kernel.getClass());
        };
        return new PlanStep(s.name(), kernelName, backend(kernel), tensors(s.reads()), tensors(s.writes()),
                PlanStep.WorkUnit.valueOf(s.unit().name()), s.units(1), s.channelRuns());
    }

    /**
     * Native GEMMs live in the backend packages; every other kernel is Java, the Vector API one or its
     * scalar twin (named Scalar*, as every twin in the kernels module is).
     */
    static String backend(Object kernel) {
        String pkg = kernel.getClass().getPackageName();
        if (pkg.startsWith("dev.shufflenet.panama.backend.openblas")) return "openblas";
        if (pkg.startsWith("dev.shufflenet.panama.backend.acl")) return "acl";
        return kernel.getClass().getSimpleName().startsWith("Scalar") ? "scalar" : "java";
    }

    private static List<PlanStep.Tensor> tensors(List<TensorView> views) {
        List<PlanStep.Tensor> out = new ArrayList<>(views.size());
        for (TensorView v : views) {
            List<Integer> shape = v.flat() ? List.of(v.channels()) : List.of(v.channels(), v.height(), v.width());
            out.add(new PlanStep.Tensor(v.tensor(), shape));
        }
        return out;
    }
}
