package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

/**
 * Run by {@link KernelRegistryTest} in a child JVM started without jdk.incubator.vector: asks for the
 * best set twice (one warning expected), runs one call of every scalar kernel, and reports.
 */
public final class NoVectorModuleMain {
    private NoVectorModuleMain() {}

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule(KernelRegistry.VECTOR_MODULE).isPresent())
            throw new IllegalStateException("this check needs a JVM without " + KernelRegistry.VECTOR_MODULE);
        KernelSet best = KernelRegistry.best();
        KernelRegistry.best();
        System.out.println("best=" + best.name());
        try {
            KernelRegistry.vector();
            System.out.println("vector() did not refuse");
        } catch (IllegalStateException e) {
            System.out.println("vector() refused: " + e.getMessage());
        }
        float[] a = new float[2 * 2 * 2], b = new float[8], out = new float[8];
        PointwiseConvKernel pw = best.pointwise();
        pw.run(pw.pack(new float[4], null, 2, 2), a, 0, 2, out, 0, 2, 0, 4, true);
        best.depthwise().run(best.depthwise().pack(new float[18], null, 2), 1, 2, 2, a, 0, 2, out, 0, 2, 0, 2, true);
        best.direct().run(best.direct().pack(new float[4], null, 2, 2, 1, 1), 2, 2, 1, 1, 0, 0, 0, 0, a, 0, 2,
                out, 0, 2, 0, 2, false);
        best.pool().maxPool(2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, a, 0, 2, out, 0, 2, 0, 1);
        best.pool().globalAvgPool(2, 4, a, 0, 2, out, 0, 2, 0, 1);
        best.shuffle().shuffle(2, 2, a, 0, 2, out, 0, 2, 0, 4);
        best.shuffle().concatShuffleSplit(1, a, 0, 2, a, 1, 2, out, 0, 2, out, 1, 2, 0, 4);
        best.elementwise().add(2, a, 0, 2, b, 0, 2, out, 0, 2, 0, 4, true);
        best.elementwise().softmax(2, a, 0, 2, out, 0, 2, 0, 4);
        best.layout().nchwToNhwc(2, 2, 2, a, 0, out, 0, 2, 0, 1);
        best.layout().nhwcToNchw(2, 2, 2, a, 0, 2, out, 0, 0, 1);
        best.gemmEpilogue().fillRows(out, 0, 2, 4, b, 2);
        best.gemmEpilogue().addBias(out, 0, 2, 4, b, 2, true);
        best.gemmEpilogue().relu(out, 0, 2, 4, 2);
        // The target is chosen without the Vector API too (generic, no vector width).
        if (!dev.shufflenet.panama.kernels.config.TargetConfigs.current().name().equals("generic"))
            throw new IllegalStateException("expected the generic target without the Vector API, found "
                    + dev.shufflenet.panama.kernels.config.TargetConfigs.current());
        System.out.println("scalar kernels ran");
    }
}
