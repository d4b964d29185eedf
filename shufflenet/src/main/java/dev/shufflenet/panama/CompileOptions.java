package dev.shufflenet.panama;

import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.parallel.CoreCount;

/**
 * How to compile a model: input height and width, the largest batch one call may pass, the number of
 * threads one call may use, and the GEMM backend. {@code kernels} overrides the kernel set (tests use it
 * to run the scalar references); null means the best for this CPU.
 *
 * <p>Height and width 0 (what {@link #defaults()} has) mean "the model's own size": the height and width an
 * ONNX file fixes in its input shape, and 224 x 224 where it leaves them dynamic (and for the built-in
 * models). {@link #withInputSize} asks for another size, which a file with a fixed size refuses.
 *
 * <p>{@code warmUp} runs the compiled model inside compile until the JIT has compiled its kernels
 * ({@link WarmUp}; none by default, see there for when to ask for it).
 *
 * <p>Every argument is checked here (an {@link IllegalArgumentException} naming the value and the allowed
 * range); sizes whose workspace cannot exist are refused by {@link CompiledModel#compile}, which knows the
 * model.
 */
public record CompileOptions(int height, int width, int maxBatch, int threads, Backend backend, KernelSet kernels,
                             WarmUp warmUp) {

    public CompileOptions {
        if (height < 0 || width < 0 || (height == 0) != (width == 0))
            throw new IllegalArgumentException("input height and width must be positive (or both 0 for the model's"
                    + " own size), found " + height + "x" + width);
        if (maxBatch <= 0) throw new IllegalArgumentException("maxBatch must be positive, found " + maxBatch);
        if (threads < 1 || threads > MAX_THREADS)
            throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS + ", found " + threads);
        if (backend == null) throw new IllegalArgumentException("backend must not be null");
        if (warmUp == null) throw new IllegalArgumentException("warmUp must not be null (WarmUp.NONE for none)");
    }

    /** Options without a warm-up in compile ({@link WarmUp#NONE}). */
    public CompileOptions(int height, int width, int maxBatch, int threads, Backend backend, KernelSet kernels) {
        this(height, width, maxBatch, threads, backend, kernels, WarmUp.NONE);
    }

    /** The most threads one model may use (a worker team's limit; far above any CPU this runs on). */
    public static final int MAX_THREADS = 1024;

    /** The size used where neither the options nor the model fix one. */
    public static final int DEFAULT_SIZE = 224;

    /**
     * The model's own input size (224 x 224 unless its ONNX file fixes another), batch up to 1, the physical
     * cores this process may use as threads ({@link CoreCount#detect()}: SMT siblings left out), automatic
     * backend choice. Steps too small to share out run on the calling thread alone, so extra threads cost
     * little where they do not pay; {@link #withThreads} overrides the count. No warm-up in compile
     * ({@link WarmUp#NONE}; {@link #withWarmUp} asks for one).
     */
    public static CompileOptions defaults() {
        return new CompileOptions(0, 0, 1, CoreCount.detect().threads(), Backend.AUTO, null);
    }

    /** Whether a size was asked for, rather than the model's own. */
    public boolean hasInputSize() { return height > 0; }

    /** Compile at this height and width (both positive). */
    public CompileOptions withInputSize(int height, int width) {
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("input height and width must be positive, found " + height + "x" + width);
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    public CompileOptions withMaxBatch(int maxBatch) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    public CompileOptions withThreads(int threads) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    public CompileOptions withBackend(Backend backend) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    public CompileOptions withKernels(KernelSet kernels) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    /** Warm the model up inside {@link CompiledModel#compile} (see {@link WarmUp}); {@link WarmUp#NONE} for none. */
    public CompileOptions withWarmUp(WarmUp warmUp) {
        return new CompileOptions(height, width, maxBatch, threads, backend, kernels, warmUp);
    }

    /** All available processors. */
    public static int allThreads() { return Runtime.getRuntime().availableProcessors(); }
}
