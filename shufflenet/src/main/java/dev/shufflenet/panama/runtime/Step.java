package dev.shufflenet.panama.runtime;

/**
 * One kernel call of a compiled model, with every size resolved at plan time. A step splits its work
 * into units (pixels, rows or images) so threads can run disjoint ranges; it never allocates.
 */
interface Step {
    /** The graph node (or nodes, when fused) this step computes; shown in profiles and errors. */
    String name();

    /** The kernel or backend that runs it, e.g. "f32-gemm-6x4v-vector512". */
    String kernel();

    /** Work units for a batch of {@code batch} images. */
    int units(int batch);

    /** What one work unit is; the thread {@link Schedule} uses it to see which steps may share a partition. */
    enum UnitKind {
        /** One output pixel, computed from the same pixel of each input (1x1 convs, element-wise, shuffles). */
        PIXEL,
        /** One output row, computed from a band of input rows (3x3 convs, pools): reads its neighbours' rows. */
        ROW,
        /** One whole image (layout changes, global pooling). */
        IMAGE
    }

    UnitKind unitKind();

    /** Output pixels one unit writes: 1 for PIXEL, the output width for ROW, pixels per image for IMAGE. */
    int pixelsPerUnit();

    /**
     * Rough cost of one unit in multiply-add equivalents (a float moved counts as 8: a memory-bound pass
     * moves about 8 floats in the time the GEMM does 64 multiply-adds), for the schedule's no-split threshold.
     */
    long costPerUnit();

    /** Runs units [begin, end) of a batch. */
    void run(Workspace ws, int begin, int end);

    /** Buffers read and written, for liveness. */
    java.util.List<Buffer> reads();

    java.util.List<Buffer> writes();
}
