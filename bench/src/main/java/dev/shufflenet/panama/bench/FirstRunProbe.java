package dev.shufflenet.panama.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.WarmUp;
import dev.shufflenet.panama.graph.Graph;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures, in the JVM it runs in (meant to be a fresh one), how long one engine takes from the JVM's start
 * to a compiled model, to its first logits, and to its steady state: this library ({@code panama}, with or
 * without the warm-up inside compile) or ONNX Runtime ({@code onnxruntime}, the CPU provider configured as
 * in {@code bench}). Both engines start from the same ONNX file, batch 1, at the file's input size.
 */
public final class FirstRunProbe {
    /** The engines a probe measures: ours without and with the warm-up in compile, and ONNX Runtime. */
    public static final java.util.List<String> ENGINES = java.util.List.of("panama", "panama-warmup", "onnxruntime");

    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean process =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long jvmStartNanos;

    public FirstRunProbe() {
        // The JVM's start as this JVM's nanoTime: the RuntimeMXBean's uptime is in milliseconds since it.
        jvmStartNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /**
     * @param seconds how long to keep running after the first inference (the steady state is the last third)
     * @param maxRuns at most this many runs in all
     */
    public FirstRun measure(String model, Path onnx, String engine, int threads, Backend backend, double seconds,
                            int maxRuns) throws Exception {
        if (!ENGINES.contains(engine))
            throw new IllegalArgumentException("engine must be one of " + ENGINES + ", found " + engine);
        double atMain = sinceStart(System.nanoTime());
        return engine.equals("onnxruntime") ? onnxRuntime(model, onnx, threads, seconds, maxRuns, atMain)
                : panama(model, onnx, engine.equals("panama-warmup"), threads, backend, seconds, maxRuns, atMain);
    }

    private FirstRun panama(String model, Path onnx, boolean warmUp, int threads, Backend backend, double seconds,
                            int maxRuns, double atMain) throws Exception {
        long t0 = System.nanoTime();
        Graph graph = ShuffleNet.load(onnx);
        long t1 = System.nanoTime();
        try (CompiledModel m = CompiledModel.compile(graph, CompileOptions.defaults().withMaxBatch(1)
                .withThreads(threads).withBackend(backend).withWarmUp(warmUp ? WarmUp.untilSteady() : WarmUp.NONE))) {
            long t2 = System.nanoTime();
            float[] input = BenchmarkRunner.randomInput(m.inputChannels() * m.height() * m.width(), 42);
            float[] output = new float[m.outputSize()];
            Timeline runs = time(() -> m.run(input, 0, 1, output, 0), threads, seconds, maxRuns);
            return runs.result(model, warmUp ? "panama-warmup" : "panama", threads, warmUp, atMain, ms(t1 - t0),
                    ms(t2 - t1), m.warmUpReport().runs());
        }
    }

    private FirstRun onnxRuntime(String model, Path onnx, int threads, double seconds, int maxRuns, double atMain)
            throws Exception {
        long t0 = System.nanoTime();
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "shufflenet-startup");
        long t1 = System.nanoTime();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx.toString(), opts)) {
                long t2 = System.nanoTime();
                long[] shape = inputShape(session);
                float[] values = BenchmarkRunner.randomInput(Math.toIntExact(shape[1] * shape[2] * shape[3]), 42);
                FloatBuffer direct = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer().put(values).flip();
                try (OnnxTensor in = OnnxTensor.createTensor(env, direct, shape)) {
                    Map<String, OnnxTensor> inputs = Map.of(session.getInputNames().iterator().next(), in);
                    Timeline runs = time(() -> {
                        try (OrtSession.Result ignored = session.run(inputs)) {
                            // the logits are not needed: the time is
                        }
                    }, threads, seconds, maxRuns);
                    return runs.result(model, "onnxruntime", threads, false, atMain, ms(t1 - t0), ms(t2 - t1), 0);
                }
            }
        }
    }

    /** The file's input shape with batch 1 and, where it leaves them dynamic, 224 x 224 (as compile does). */
    private static long[] inputShape(OrtSession session) throws Exception {
        long[] shape = ((ai.onnxruntime.TensorInfo) session.getInputInfo().values().iterator().next().getInfo()).getShape();
        if (shape.length != 4) throw new IllegalArgumentException("expected an NCHW input, found " + Arrays.toString(shape));
        long[] fixed = {1, shape[1], shape[2] > 0 ? shape[2] : CompileOptions.DEFAULT_SIZE,
                shape[3] > 0 ? shape[3] : CompileOptions.DEFAULT_SIZE};
        return fixed;
    }

    private interface Run {
        void run() throws Exception;
    }

    /** The runs after compile: their end times since the JVM's start, wall and measuring-thread CPU times. */
    private record Timeline(double[] endAt, double[] wallMs, double[] cpuMs, double[] processCpuAt, int threads) {
        FirstRun result(String model, String engine, int threads, boolean warmUp, double atMain, double loadMs,
                        double compileMs, int warmUpRuns) {
            // On one thread the CPU time of this thread is the run's work, immune to preemption; on more, the
            // work is spread over the team and only the wall clock tells.
            double[] series = threads == 1 ? cpuMs : wallMs;
            int first = SteadyPoint.firstSteady(series);
            return new FirstRun(model, engine, threads, warmUp, atMain, loadMs, compileMs, warmUpRuns, wallMs[0],
                    endAt[0], first + 1, endAt[first], SteadyPoint.steady(wallMs), wallMs.length, processCpuAt[0],
                    processCpuAt[first]);
        }
    }

    private Timeline time(Run run, int threads, double seconds, int maxRuns) throws Exception {
        double[] endAt = new double[maxRuns];
        double[] wall = new double[maxRuns];
        double[] cpuTime = new double[maxRuns];
        double[] processCpuAt = new double[maxRuns];
        long stop = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        do {
            long c0 = cpu.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            run.run();
            long w1 = System.nanoTime();
            cpuTime[n] = ms(cpu.getCurrentThreadCpuTime() - c0);
            wall[n] = ms(w1 - w0);
            endAt[n] = sinceStart(w1);
            processCpuAt[n] = ms(process.getProcessCpuTime());
            n++;
        } while (n < maxRuns && System.nanoTime() < stop);
        return new Timeline(Arrays.copyOf(endAt, n), Arrays.copyOf(wall, n), Arrays.copyOf(cpuTime, n),
                Arrays.copyOf(processCpuAt, n), threads);
    }

    private double sinceStart(long nanos) { return ms(nanos - jvmStartNanos); }

    private static double ms(long nanos) { return nanos / 1e6; }
}
