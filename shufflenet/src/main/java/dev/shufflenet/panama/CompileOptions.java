package dev.shufflenet.panama;

import dev.shufflenet.panama.kernels.KernelSet;

/**
 * How to compile a model: input height and width, the largest batch one call may pass, the number of
 * threads one call may use, and the GEMM backend. {@code kernels} overrides the kernel set (tests use it
 * to run the scalar references); null means the best for this CPU.
 */
public record CompileOptions(int height, int width, int maxBatch, int threads, Backend backend, KernelSet kernels) {

    public CompileOptions {
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("input height and width must be positive, found " + height + "x" + width);
        if (maxBatch <= 0) throw new IllegalArgumentException("maxBatch must be positive, found " + maxBatch);
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, found " + threads);
        if (backend == null) throw new IllegalArgumentException("backend must not be null");
    }

    /** 224 x 224, batch up to 1, one thread, automatic backend choice. */
    public static CompileOptions defaults() {
        return new CompileOptions(224, 224, 1, 1, Backend.AUTO, null);
    }

    public CompileOptions withInputSize(int height, int width) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels);
    }

    public CompileOptions withMaxBatch(int maxBatch) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels);
    }

    public CompileOptions withThreads(int threads) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels);
    }

    public CompileOptions withBackend(Backend backend) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels);
    }

    public CompileOptions withKernels(KernelSet kernels) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels);
    }

    /** All available processors. */
    public static int allThreads() { return Runtime.getRuntime().availableProcessors(); }
}
