package dev.shufflenet.panama.runtime;

/**
 * What the thread {@link Schedule} needs to know of a step beyond its units: how many output pixels one unit
 * writes, and a rough cost per unit for the no-split threshold.
 *
 * <p>Costs are multiply-add equivalents: a multiply-add counts 1, a float moved by a memory-bound pass 8
 * (such a pass moves about 8 floats in the time the GEMM does 64 multiply-adds: 50-100 GB/s against
 * 100-200 GFLOP/s on one core here). Only the order of magnitude matters: it decides whether a step is worth
 * a barrier.
 */
final class StepCost {
    private StepCost() {}

    /**
     * Output pixels one unit writes: 1 for PIXELS, the output width for ROWS, pixels per image for IMAGES;
     * 0 for OUTPUT_CHANNELS, whose units each write every pixel (a slice of channels).
     */
    static int pixelsPerUnit(Step s) {
        return switch (s.unit()) {
            case PIXELS -> 1;
            case ROWS -> firstWritten(s).width();
            case IMAGES -> s.writes().isEmpty() ? 1 : Math.max(1, firstWritten(s).pixelsPerImage());
            case OUTPUT_CHANNELS -> 0;
        };
    }

    /** The whole step's cost for a batch. */
    static long total(Step s, int batch) {
        if (s instanceof Step.PointwiseSlices p)
            return (long) p.in().channels() * p.out().channels() * p.out().pixelsPerImage() * batch;
        return perUnit(s) * s.units(batch);
    }

    static long perUnit(Step s) {
        return switch (s) {
            case Step.PointwiseSlices p -> (long) p.in().channels() * (p.out().channels() / p.slices().length)
                    * p.out().pixelsPerImage();
            case Step.Input i -> 8L * i.out().channels() * i.out().pixelsPerImage();
            case Step.OutputRows o -> 8L * o.in().channels();
            case Step.OutputImages o -> 8L * o.in().channels() * o.in().pixelsPerImage();
            case Step.Pointwise p -> (long) p.in().channels() * (p.out().channels() / p.groups().length);
            case Step.PointwiseAddRelu p -> (long) p.in().channels() * (p.out().channels() / p.groups().length);
            case Step.Depthwise d -> 9L * d.out().channels() * d.out().width();
            case Step.DirectConv c -> 9L * c.in().channels() * c.out().channels() * c.out().width();
            // About 2 x 2 conv pixels per pool pixel, plus the pool's folding.
            case Step.StemConvPool st -> 9L * st.weights().inChannels() * st.out().channels() * 4 * st.out().width();
            case Step.MaxPool m -> (long) m.window().kernelH() * m.window().kernelW() * m.out().channels() * m.out().width();
            case Step.AvgPool a -> (long) a.window().kernelH() * a.window().kernelW() * a.out().channels() * a.out().width();
            case Step.GlobalPool g -> (long) g.in().channels() * g.in().pixelsPerImage();
            case Step.Shuffle sh -> 8L * sh.out().channels();
            case Step.ConcatShuffleSplit c -> 16L * c.a().channels();
            case Step.Add a -> 8L * a.out().channels();
            case Step.Unary u -> 8L * u.out().channels();
            case Step.FlattenNchw f -> 8L * f.in().channels() * f.in().pixelsPerImage();
        };
    }

    private static TensorView firstWritten(Step s) {
        return s.writes().get(0);
    }
}
