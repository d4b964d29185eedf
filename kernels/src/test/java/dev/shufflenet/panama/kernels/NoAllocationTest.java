package dev.shufflenet.panama.kernels;

import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConv;
import dev.shufflenet.panama.kernels.gemm.VectorPointwiseConvHalf;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' promise that their run methods allocate nothing, checked: every operation of every
 * registered kernel set (and both GEMM tiles) runs warm, and the bytes the thread allocated around 1000
 * more calls must be 0.
 *
 * <p>Warm-up: the Vector API allocates a box per operation until C2 compiles the caller and escape
 * analysis removes the boxes. C2 (tier 4) compiles a method once its invocations plus loop iterations
 * pass Tier4CompileThreshold (15000). Compilation normally runs in the background, and on a busy machine
 * the queue holds a method for minutes, so the check runs in a child JVM with {@code -Xbatch}: a call
 * that triggers a compilation waits for it, and after the thresholds the code is C2's. Each operation
 * then runs in batches of 200 calls until 5 batches in a row allocate nothing, at most 50000 calls (over
 * three times the threshold even counting one invocation per call). Then 3 batches of 1000 calls are
 * measured and the least must be 0 bytes: a kernel that allocates per call allocates in every batch (at
 * least 16 bytes a call), while a one-off event (a deoptimization rematerializing an object C2 had
 * removed) does not recur.
 */
class NoAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int PIXELS = 12, H = 4, W = 3;

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    private static long allocatedBy(Runnable op, int calls) {
        long before = allocated();
        for (int i = 0; i < calls; i++) op.run();
        return allocated() - before;
    }

    /** Every operation of a set on small NHWC tensors big enough for full vectors, tails and the tiles. */
    private static Map<String, Runnable> operations(KernelSet s) {
        Random rnd = new Random(5);
        int c = 2 * VectorConfig.LANES + 3, half = c;
        float[] in = TestViews.random(rnd, PIXELS * 2 * c), in2 = TestViews.random(rnd, PIXELS * 2 * c);
        float[] out = new float[PIXELS * 2 * c], out2 = new float[PIXELS * 2 * c];
        Map<String, Runnable> ops = new LinkedHashMap<>();

        List<PointwiseConvKernel> gemms = new ArrayList<>(List.of(s.pointwise()));
        if (s == KernelRegistry.vector()) gemms = new ArrayList<>(VectorPointwiseConv.tiles());
        HalfWidthKernels.pointwise(s).ifPresent(gemms::add); // the half-width twin (java-half), where the set has one
        for (PointwiseConvKernel g : gemms) {
            PointwiseConvKernel.PackedWeights w = g.pack(TestViews.random(rnd, c * c), TestViews.random(rnd, c), c, c);
            ops.put(g.name(), () -> g.run(w, in, 0, c, out, 0, c, 0, PIXELS - 1, true));
            // Three vectors of the half-width twin: one group of 6 x 3 tiles beside a wider set.
            if (g instanceof VectorPointwiseConvHalf) {
                int m3 = 3 * VectorConfig.HALF_LANES - 1;
                PointwiseConvKernel.PackedWeights w3 = g.pack(TestViews.random(rnd, m3 * c), null, m3, c);
                ops.put(g.name() + " 3 vectors", () -> g.run(w3, in, 0, c, out, 0, m3, 0, PIXELS - 1, true));
                ChannelRuns runs = ChannelRuns.of(c, 1, 0, c - 1);
                ops.put(g.name() + " 3 vectors through runs", () -> g.run(w3, runs, in, 0, 2 * c, out, 0, m3, 0, PIXELS, false));
            }
            if (g.readsChannelRuns()) {
                ChannelRuns runs = ChannelRuns.of(c, 1, 0, c - 1); // channel c, then 0 .. c-2: a folded shuffle's read
                ops.put(g.name() + " through runs", () -> g.run(w, runs, in, 0, 2 * c, out, 0, c, 0, PIXELS, false));
            }
            if (g.addsResidual()) {
                ops.put(g.addReluName(), () -> g.runAddRelu(w, in, 0, c, in2, 0, c, out, 0, c, 0, PIXELS - 1));
                ChannelRuns runs = ChannelRuns.of(c, 1, 0, c - 1);
                ops.put(g.addReluName() + " through runs",
                        () -> g.runAddRelu(w, runs, in, 0, 2 * c, in2, 0, c, out, 0, c, 0, PIXELS));
                PointwiseConvKernel.PackedWeights[] pair = {w, w};
                ChannelRuns[] pairRuns = {runs, runs};
                ops.put(g.addReluName() + " two groups",
                        () -> g.runGroupsAddRelu(pair, null, in, 0, 2 * c, in2, 0, 2 * c, out, 0, 2 * c, 0, PIXELS));
                ops.put(g.addReluName() + " two groups through runs",
                        () -> g.runGroupsAddRelu(pair, pairRuns, in, 0, 2 * c, in2, 0, 2 * c, out, 0, 2 * c, 1, PIXELS));
            }
        }
        var dw = s.depthwise();
        var dwWeights = dw.pack(TestViews.random(rnd, 9 * c), TestViews.random(rnd, c), c);
        ops.put(dw.name() + " stride 1", () -> dw.run(dwWeights, 1, H, W, in, 0, c, out, 0, c, 0, H, true));
        ops.put(dw.name() + " stride 2", () -> dw.run(dwWeights, 2, H, W, in, 0, c, out, 0, c, 0, 2, false));
        var conv = s.direct();
        var convWeights = conv.pack(TestViews.random(rnd, c * 3 * 9), TestViews.random(rnd, c), c, 3, 3, 3);
        ops.put(conv.name(), () -> conv.run(convWeights, H, W, 1, 1, 1, 1, 1, 1, in, 0, 3, out, 0, c, 0, H, true));
        var pool = s.pool();
        ops.put(pool.name() + " max", () -> pool.maxPool(c, H, W, 3, 3, 2, 2, 1, 1, 1, 1, in, 0, c, out, 0, c, 0, 2));
        ops.put(pool.name() + " avg", () -> pool.avgPool(c, H, W, 3, 3, 1, 1, 1, 1, 1, 1, false, in, 0, c, out, 0, c,
                0, H, true));
        ops.put(pool.name() + " global avg", () -> pool.globalAvgPool(c, PIXELS, in, 0, c, out, 0, c, 0, 1));
        var shuffle = s.shuffle();
        for (int g : new int[] {2, 3, 4, 8}) {
            int channels = g * (VectorConfig.LANES + 1);
            ops.put(shuffle.name() + " g=" + g, () -> shuffle.shuffle(channels, g, in, 0, channels, out, 0, channels,
                    0, PIXELS / 2));
        }
        ops.put(shuffle.concatShuffleSplitName(), () -> shuffle.concatShuffleSplit(half, in, 0, half, in2, 0, half,
                out, 0, half, out2, 0, half, 0, PIXELS));
        ops.put(shuffle.concatShuffleSplitName() + " 24", () -> shuffle.concatShuffleSplit(24, in, 0, 24, in2, 0, 24,
                out, 0, 24, out2, 0, 24, 0, 4));
        var ew = s.elementwise();
        ops.put(ew.name() + " add", () -> ew.add(c, in, 0, c, in2, 0, c, out, 0, c, 0, PIXELS, true));
        ops.put(ew.name() + " relu", () -> ew.relu(c, in, 0, c, out, 0, c, 0, PIXELS));
        ops.put(ew.name() + " copy", () -> ew.copy(c, in, 0, c, out, 0, c, 0, PIXELS));
        ops.put(ew.name() + " softmax", () -> ew.softmax(c, in, 0, c, out, 0, c, 0, 2));
        var layout = s.layout();
        ops.put(layout.name() + " to NHWC", () -> layout.nchwToNhwc(c, H, W, in, 0, out, 0, c, 0, 1));
        ops.put(layout.name() + " to NCHW", () -> layout.nhwcToNchw(c, H, W, in, 0, c, out, 0, 0, 1));
        var epi = s.gemmEpilogue();
        float[] bias = TestViews.random(rnd, c);
        ops.put(epi.name() + " fill", () -> epi.fillRows(out, 0, c, PIXELS, bias, c));
        ops.put(epi.name() + " bias", () -> epi.addBias(out, 0, c, PIXELS, bias, c, true));
        ops.put(epi.name() + " relu", () -> epi.relu(out, 0, c, PIXELS, c));
        return ops;
    }

    @Test
    void warmKernelsAllocateNothingPerCall() throws Exception {
        // The arm64 lane runs the tests in a JVM under qemu-user, which cannot start the child JVM this check
        // needs (ProcessBuilder would exec the arm64 java binary on the host); on an arm64 board it runs.
        assumeFalse(Boolean.getBoolean("shufflenet.test.emulated"), "no child JVMs under emulation");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xbatch", "-Xss4m",
                "--add-modules=" + KernelRegistry.VECTOR_MODULE));
        String bits = System.getProperty(VectorConfig.PROPERTY);
        if (bits != null) command.add("-D" + VectorConfig.PROPERTY + "=" + bits);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NoAllocationTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM did not finish: " + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("checked " + VectorConfig.setName()), output);
        assertTrue(output.contains("allocating per call: {}"), "bytes allocated by 1000 warm calls of each kernel:\n"
                + output);
    }

    /** The check itself, in a JVM started with -Xbatch (see the class comment). */
    public static void main(String[] args) {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled())
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        long probe = allocatedBy(() -> {}, 1000);
        if (probe != 0)
            throw new IllegalStateException("reading the counter allocates " + probe + " bytes; nothing could be measured");
        warmUpGemms();
        Map<String, Long> allocating = new LinkedHashMap<>();
        for (KernelSet set : KernelRegistry.all()) {
            for (Map.Entry<String, Runnable> op : operations(set).entrySet()) {
                for (int calls = 0, clean = 0; clean < 5 && calls < 50_000; calls += 200)
                    clean = allocatedBy(op.getValue(), 200) == 0 ? clean + 1 : 0;
                long least = Long.MAX_VALUE;
                for (int batch = 0; batch < 3; batch++) least = Math.min(least, allocatedBy(op.getValue(), 1000));
                if (least != 0) allocating.put(op.getKey(), least);
            }
            System.out.println("checked " + set.name());
        }
        System.out.println("allocating per call: " + allocating);
    }

    /** Compiles the GEMM micro-kernels first, as a model does (PointwiseConvKernel.warmUp). */
    private static void warmUpGemms() {
        for (KernelSet set : KernelRegistry.all()) {
            set.pointwise().warmUp(10_000);
            HalfWidthKernels.pointwise(set).ifPresent(half -> half.warmUp(10_000));
        }
    }
}
