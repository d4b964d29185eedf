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

    /** Runs units [begin, end) of a batch. */
    void run(Workspace ws, int begin, int end);

    /** Buffers read and written, for liveness. */
    java.util.List<Buffer> reads();

    java.util.List<Buffer> writes();
}
