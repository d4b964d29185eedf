package dev.shufflenet.panama;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.parallel.WorkerTeam;
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
        return compile(graph, options, null);
    }

    /**
     * Compiles a model that runs its intra-op work on a team shared with other models (as ONNX Runtime's
     * global thread pool): the team must have at least {@code options.threads()} threads, and outlives the
     * model (closing the model leaves it open). A null team means the model makes its own when it has more
     * than one thread, and closes it with the model. Models sharing a team take turns on it: a call that
     * finds it busy runs on its caller's thread, so the cores are never oversubscribed.
     */
    public static CompiledModel compile(Graph graph, CompileOptions options, WorkerTeam team) {
        KernelSet kernels = options.kernels() != null ? options.kernels() : KernelRegistry.best();
        PointwiseSelector selector = Backends.selector(options.backend(), kernels);
        Engine engine = new Engine(graph, kernels, selector, options.height(), options.width(), options.maxBatch(),
                options.threads(), team);
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

    /** The steps the plan runs, with the kernel of each. */
    public List<Engine.StepInfo> steps() { return engine.steps(); }

    /** Per-step median times over single-threaded runs (a profile, not a benchmark). */
    public List<Engine.StepTime> profile(float[] input, int batch, int repetitions) {
        return engine.profile(input, batch, repetitions);
    }

    @Override public void close() { engine.close(); }
}
