package dev.shufflenet.panama;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.parallel.WorkerTeam;
import dev.shufflenet.panama.runtime.Engine;
import dev.shufflenet.panama.runtime.PointwiseSelector;
import dev.shufflenet.panama.tuning.Calibration;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A model compiled for one input size, a largest batch and a thread count: immutable, thread-safe, and
 * free of allocation per inference once warm. Input: float32 NCHW images, [batch, 3, height, width];
 * output: [batch, classes] logits (row-major).
 *
 * <p>Input and output may be {@code float[]}, {@link FloatBuffer} or {@link MemorySegment}. The runtime
 * computes on Java arrays, so a segment or a direct buffer is copied into an array from a small pool
 * inside this model (one bulk copy of 0.6 MB per 224 x 224 image, small beside the inference's work),
 * and the logits are copied back; warm, these forms allocate nothing either (up to 16 concurrent callers
 * share the pool; more allocate their own arrays). A heap {@code FloatBuffer} is read in place.
 *
 * <p>A model built from {@link ShuffleNet#builtIn} has seeded random weights, not trained ones:
 * {@link #syntheticWeights()} says so, and its classes mean nothing.
 *
 * <p>{@link #close()} frees the thread pool and native memory. After it, every method that computes
 * ({@code run}, {@link #profile}, {@link #steps}) throws {@link IllegalStateException}; closing again
 * does nothing; a close during calls in flight waits for them to finish (calls that start after it fail).
 */
public final class CompiledModel implements AutoCloseable {
    /** Staging arrays kept for the segment and buffer forms: concurrent callers beyond this allocate. */
    private static final int STAGING_SLOTS = 16;

    private final Engine engine;
    private final String name;
    private final Backend backend;
    private final Optional<String> syntheticWeights;
    /** The batch the ONNX file fixes, or 0 when dynamic. */
    private final int fixedBatch;
    private final WarmUp.Report warmUp;
    private final AtomicReferenceArray<float[]> stagingIn = new AtomicReferenceArray<>(STAGING_SLOTS);
    private final AtomicReferenceArray<float[]> stagingOut = new AtomicReferenceArray<>(STAGING_SLOTS);
    private final Object lifecycle = new Object();
    private int inFlight;
    private boolean closed;

    private CompiledModel(String name, Engine engine, Backend backend, Optional<String> syntheticWeights,
                          int fixedBatch, WarmUp.Report warmUp) {
        this.name = name;
        this.warmUp = warmUp;
        this.fixedBatch = fixedBatch;
        this.engine = engine;
        this.backend = backend;
        this.syntheticWeights = syntheticWeights;
    }

    /**
     * Plans the graph for the options' size, batch, threads and backend. Without a size in the options the
     * model's own is used (the one its ONNX file fixes, else 224 x 224).
     *
     * <p>With a {@link CompileOptions#warmUp() warm-up} in the options, the model then runs on this thread
     * until it is warm (see {@link WarmUp}; {@link #warmUpReport()} says what it did) before compile returns.
     *
     * <p>Sizes are checked before anything is planned or allocated: one image's input, and the workspace of
     * one call for {@code maxBatch} images, must each fit in one Java float array
     * ({@link #MAX_ARRAY_FLOATS} floats); a size beyond that could never run and is refused here, with the
     * size, the bytes it needs and the limit.
     *
     * @throws IllegalArgumentException when the options ask for another height or width than the ONNX
     *                                  file fixes, another maxBatch than a batch it fixes, or a size whose
     *                                  input or workspace cannot exist
     */
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
        if (graph == null) throw new IllegalArgumentException("graph must not be null");
        if (options == null) throw new IllegalArgumentException("options must not be null");
        int[] size = inputSize(graph, options);
        checkDeclaredBatch(graph, options.maxBatch());
        WorkspaceLimits.check(graph, size[0], size[1], options.maxBatch());
        KernelSet kernels = options.kernels() != null ? options.kernels() : KernelRegistry.best();
        PointwiseSelector selector = Backends.selector(options.backend(), kernels);
        Engine engine = new Engine(graph, kernels, selector, size[0], size[1], options.maxBatch(), options.threads(),
                team);
        if (selector instanceof Calibration calibration) calibration.done();
        WarmUp.Report warmedUp;
        try {
            warmedUp = WarmUpRunner.run(engine, options.warmUp(), graph.declaredBatch() > 0 ? graph.declaredBatch() : 1);
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
        return new CompiledModel(graph.name(), engine, options.backend(), graph.syntheticWeights(),
                graph.declaredBatch(), warmedUp);
    }

    /** The most floats one Java array holds here: the limit of an input, an output and a call's workspace. */
    public static final long MAX_ARRAY_FLOATS = Engine.MAX_ARRAY_FLOATS;

    /** A batch the ONNX file fixes is the only batch the model runs at: maxBatch must be that batch. */
    private static void checkDeclaredBatch(Graph graph, int maxBatch) {
        int fixed = graph.declaredBatch();
        if (fixed > 0 && maxBatch != fixed)
            throw new IllegalArgumentException("model " + graph.name() + " fixes its batch at " + fixed
                    + " (in its ONNX input shape), but the options ask for maxBatch " + maxBatch + "; compile with"
                    + " maxBatch " + fixed + " and run batches of " + fixed + ", or export the model with a dynamic batch");
    }

    /** {height, width} to compile at: the options' when given (checked against a fixed size), else the model's. */
    static int[] inputSize(Graph graph, CompileOptions options) {
        int dh = graph.declaredHeight();
        int dw = graph.declaredWidth();
        if (!options.hasInputSize())
            return new int[] {dh > 0 ? dh : CompileOptions.DEFAULT_SIZE, dw > 0 ? dw : CompileOptions.DEFAULT_SIZE};
        int h = options.height();
        int w = options.width();
        if ((dh > 0 && dh != h) || (dw > 0 && dw != w))
            throw new IllegalArgumentException("model " + graph.name() + " fixes its input at "
                    + (dh > 0 ? dh : "any") + "x" + (dw > 0 ? dw : "any") + " (height x width, in its ONNX input shape),"
                    + " but the options ask for " + h + "x" + w + "; compile at the fixed size (the default), or"
                    + " export the model with dynamic height and width");
        return new int[] {h, w};
    }

    /** Runs a batch and returns new logits ([batch, classes] row-major). */
    public float[] run(float[] input, int batch) {
        checkBatch(batch);
        float[] out = new float[Math.toIntExact((long) batch * engine.outputPerImage())];
        run(input, 0, batch, out, 0);
        return out;
    }

    /** Runs a batch into the caller's array: the allocation-free form. */
    public void run(float[] input, int inputOffset, int batch, float[] output, int outputOffset) {
        checkBatch(batch);
        enter();
        try {
            engine.run(input, inputOffset, batch, output, outputOffset);
        } finally {
            exit();
        }
    }

    /**
     * Runs a batch read from {@code input}'s position (NCHW float32; at least batch x C x H x W floats
     * remaining) into {@code output} at its position (at least batch x classes floats remaining). Neither
     * buffer's position changes. A heap buffer is read in place; a direct one is copied (see the class
     * comment).
     */
    public void run(FloatBuffer input, int batch, FloatBuffer output) {
        checkBatch(batch);
        int inFloats = checkRemaining("input", input, (long) batch * inputFloatsPerImage(), inputShape(batch));
        int outFloats = checkRemaining("output", output, (long) batch * engine.outputPerImage(),
                batch + " x " + engine.outputPerImage());
        if (output.isReadOnly()) throw new IllegalArgumentException("output buffer is read-only");
        boolean inPlaceIn = input.hasArray();
        boolean inPlaceOut = output.hasArray();
        float[] in = inPlaceIn ? input.array() : takeStaging(stagingIn, batchCapacity(inputFloatsPerImage()));
        float[] out = inPlaceOut ? output.array() : takeStaging(stagingOut, batchCapacity(engine.outputPerImage()));
        try {
            int inOffset = inPlaceIn ? input.arrayOffset() + input.position() : 0;
            if (!inPlaceIn) input.get(input.position(), in, 0, inFloats);
            int outOffset = inPlaceOut ? output.arrayOffset() + output.position() : 0;
            run(in, inOffset, batch, out, outOffset);
            if (!inPlaceOut) output.put(output.position(), out, 0, outFloats);
        } finally {
            if (!inPlaceIn) giveStaging(stagingIn, in);
            if (!inPlaceOut) giveStaging(stagingOut, out);
        }
    }

    /** Runs a batch from a FloatBuffer (see {@link #run(FloatBuffer, int, FloatBuffer)}) and returns new logits. */
    public float[] run(FloatBuffer input, int batch) {
        checkBatch(batch);
        float[] logits = new float[Math.toIntExact((long) batch * engine.outputPerImage())];
        run(input, batch, FloatBuffer.wrap(logits));
        return logits;
    }

    /**
     * Runs a batch from native (or any) memory: {@code input} holds batch x C x H x W float32 values in NCHW
     * order and the platform's byte order from byte 0, {@code output} receives batch x classes float32
     * values from byte 0. Both are checked for size (in bytes, long arithmetic) before anything is read.
     */
    public void run(MemorySegment input, int batch, MemorySegment output) {
        checkBatch(batch);
        long inFloats = (long) batch * inputFloatsPerImage();
        long outFloats = (long) batch * engine.outputPerImage();
        checkBytes("input", input, inFloats, inputShape(batch));
        checkBytes("output", output, outFloats, batch + " x " + engine.outputPerImage());
        if (output.isReadOnly()) throw new IllegalArgumentException("output segment is read-only");
        float[] in = takeStaging(stagingIn, batchCapacity(inputFloatsPerImage()));
        float[] out = takeStaging(stagingOut, batchCapacity(engine.outputPerImage()));
        try {
            MemorySegment.copy(input, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, in, 0, (int) inFloats);
            run(in, 0, batch, out, 0);
            MemorySegment.copy(out, 0, output, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, (int) outFloats);
        } finally {
            giveStaging(stagingIn, in);
            giveStaging(stagingOut, out);
        }
    }

    /** Runs a batch from a segment (see {@link #run(MemorySegment, int, MemorySegment)}) and returns new logits. */
    public float[] run(MemorySegment input, int batch) {
        checkBatch(batch);
        float[] logits = new float[Math.toIntExact((long) batch * engine.outputPerImage())];
        run(input, batch, MemorySegment.ofArray(logits));
        return logits;
    }

    public String name() { return name; }

    /** What the warm-up inside compile did ({@link WarmUp.Report#NONE} when the options asked for none). */
    public WarmUp.Report warmUpReport() { return warmUp; }
    public Backend backend() { return backend; }
    public int height() { return engine.height(); }
    public int width() { return engine.width(); }
    public int inputChannels() { return engine.inputChannels(); }
    public int maxBatch() { return engine.maxBatch(); }
    public int threads() { return engine.threads(); }

    /**
     * Present when the model's weights are not trained (the built-in models' seeded random weights): what
     * they are. Predictions of such a model mean nothing.
     */
    public Optional<String> syntheticWeights() { return syntheticWeights; }

    /** Floats of output per image (1000 for ImageNet classifiers). */
    public int outputSize() { return engine.outputPerImage(); }

    public int[] outputShape(int batch) {
        if (batch <= 0 || batch > engine.maxBatch())
            throw new IllegalArgumentException("batch " + batch + " is outside [1, " + engine.maxBatch()
                    + "], the maxBatch this model was compiled for");
        return engine.outputShape(batch);
    }

    /** Workspace bytes per image of batch capacity. */
    public long workspaceBytesPerImage() { return engine.workspaceBytesPerImage(); }

    /** The steps the plan runs, in order: kernel, backend, tensors read and written, work units. */
    public List<PlanStep> steps() {
        enter();
        try {
            return engine.steps();
        } finally {
            exit();
        }
    }

    /** Per-step median times over single-threaded runs (a profile, not a benchmark). */
    public List<StepTime> profile(float[] input, int batch, int repetitions) {
        checkBatch(batch);
        long need = (long) batch * inputFloatsPerImage();
        if (input == null || input.length < need)
            throw new IllegalArgumentException("input must hold " + inputShape(batch) + " = " + need + " floats, found "
                    + (input == null ? "null" : input.length));
        enter();
        try {
            return engine.profile(input, batch, repetitions);
        } finally {
            exit();
        }
    }

    /** Frees the model's threads and memory, after calls in flight have finished; a second close does nothing. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closed = true;
            boolean interrupted = false;
            while (inFlight > 0) {
                try {
                    lifecycle.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // finish closing; the calls in flight end by themselves
                }
            }
            engine.close();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void enter() {
        synchronized (lifecycle) {
            if (closed) throw new IllegalStateException("model " + name + " is closed");
            inFlight++;
        }
    }

    private void exit() {
        synchronized (lifecycle) {
            if (--inFlight == 0 && closed) lifecycle.notifyAll();
        }
    }

    /** Checked before anything is allocated for the call. */
    private void checkBatch(int batch) {
        if (batch <= 0 || batch > engine.maxBatch())
            throw new IllegalArgumentException("batch " + batch + " is outside [1, " + engine.maxBatch()
                    + "], the maxBatch this model was compiled for");
        if (fixedBatch > 0 && batch != fixedBatch)
            throw new IllegalArgumentException("batch " + batch + " differs from the batch of " + fixedBatch
                    + " that model " + name + " fixes in its ONNX input shape; run batches of " + fixedBatch);
    }

    /** Fits an int: compile refused any size whose input batch exceeds one array. */
    private int inputFloatsPerImage() {
        return Math.toIntExact((long) engine.inputChannels() * engine.height() * engine.width());
    }

    private int batchCapacity(int perImage) { return Math.toIntExact((long) engine.maxBatch() * perImage); }

    private String inputShape(int batch) {
        return batch + " x " + engine.inputChannels() + " x " + engine.height() + " x " + engine.width();
    }

    private static int checkRemaining(String what, FloatBuffer b, long need, String shape) {
        if (b == null) throw new IllegalArgumentException(what + " buffer must not be null");
        if (b.remaining() < need)
            throw new IllegalArgumentException(what + " buffer must have " + shape + " = " + need
                    + " floats remaining, found " + b.remaining());
        return (int) need;
    }

    private static void checkBytes(String what, MemorySegment s, long floats, String shape) {
        if (s == null) throw new IllegalArgumentException(what + " segment must not be null");
        long need = floats * Float.BYTES;
        if (s.byteSize() < need)
            throw new IllegalArgumentException(what + " segment must hold " + shape + " float32 = " + need
                    + " bytes, found " + s.byteSize() + " bytes");
    }

    private static float[] takeStaging(AtomicReferenceArray<float[]> slots, int floats) {
        for (int i = 0; i < STAGING_SLOTS; i++) {
            float[] a = slots.getAndSet(i, null);
            if (a != null) return a;
        }
        return new float[floats];
    }

    private static void giveStaging(AtomicReferenceArray<float[]> slots, float[] a) {
        for (int i = 0; i < STAGING_SLOTS; i++) if (slots.compareAndSet(i, null, a)) return;
    }
}
