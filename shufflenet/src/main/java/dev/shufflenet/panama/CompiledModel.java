package dev.shufflenet.panama;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.runtime.Engine;
import dev.shufflenet.panama.runtime.PointwiseSelector;

import java.util.List;

/**
 * A model compiled for one input size, a largest batch and a thread count: immutable, thread-safe, and
 * free of allocation per inference once warm. Input: float32 NCHW images, [batch, 3, height, width];
 * output: [batch, classes] logits (row-major).
 */
public final class CompiledModel implements AutoCloseable {
    private final Engine engine;
    private final String name;
    private final Backend backend;

    private CompiledModel(String name, Engine engine, Backend backend) {
        this.name = name;
        this.engine = engine;
        this.backend = backend;
    }

    public static CompiledModel compile(Graph graph, CompileOptions options) {
        KernelSet kernels = options.kernels() != null ? options.kernels() : KernelRegistry.best();
        PointwiseSelector selector = Backends.selector(options.backend(), kernels);
        Engine engine = new Engine(graph, kernels, selector, options.height(), options.width(), options.maxBatch(),
                options.threads());
        return new CompiledModel(graph.name(), engine, options.backend());
    }

    /** Runs a batch and returns new logits ([batch, classes] row-major). */
    public float[] run(float[] input, int batch) {
        float[] out = new float[batch * engine.outputPerImage()];
        engine.run(input, 0, batch, out, 0);
        return out;
    }

    /** Runs a batch into the caller's array: the allocation-free form. */
    public void run(float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        engine.run(input, inputOffset, batch, output, outputOffset);
    }

    public String name() { return name; }
    public Backend backend() { return backend; }
    public int height() { return engine.height(); }
    public int width() { return engine.width(); }
    public int inputChannels() { return engine.inputChannels(); }
    public int maxBatch() { return engine.maxBatch(); }
    public int threads() { return engine.threads(); }

    /** Floats of output per image (1000 for ImageNet classifiers). */
    public int outputSize() { return engine.outputPerImage(); }

    public int[] outputShape(int batch) { return engine.outputShape(batch); }

    /** Workspace bytes per image of batch capacity. */
    public long workspaceBytesPerImage() { return engine.workspaceBytesPerImage(); }

    /** The steps the plan runs, in order: kernel, backend, tensors read and written, work units. */
    public List<PlanStep> steps() { return engine.steps(); }

    /** Per-step median times over single-threaded runs (a profile, not a benchmark). */
    public List<StepTime> profile(float[] input, int batch, int repetitions) {
        return engine.profile(input, batch, repetitions);
    }

    @Override public void close() { engine.close(); }
}
