package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Depthwise 3x3 (batch 1, bias, ReLU) on the ShuffleNet v2 1.0x shapes, for every registered kernel set,
 * plus an NCHW kernel vectorised along W for the layout decision.
 *
 * <p>{@code gflops} (flop per ns = GFLOP/s) counts 2 * 9 * C * outH * outW useful flops per call.
 *
 * <p>The "nchw-along-w" variant lives only here: each channel plane is swept one output row at a time,
 * L output columns per vector, the 3x3 weights broadcast. It is given an input already zero-padded to
 * (H+2)x(W+2) (which a real NCHW network would have to produce) and slack past the end, so it has no
 * border logic at all: it is the generous side of the comparison. Stride 2 de-interleaves even and odd
 * input columns with two-source selects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DepthwiseConvBenchmark {
    private static final VectorSpecies<Float> S = VectorConfig.SPECIES;
    private static final int L = S.length();

    /** channels x height x width, stride. */
    @Param({"116x28x28s1", "232x14x14s1", "464x7x7s1", "24x56x56s2", "116x28x28s2", "232x14x14s2"})
    public String shape;

    /** A registered kernel's name (see {@link KernelsByName}), or "nchw-along-w" (the layout comparison). */
    @Param({"f32-dwconv3x3-s1s2-relu-vector512", "f32-dwconv3x3-scalar", "nchw-along-w"})
    public String kernel;

    private int channels, height, width, stride, outH, outW;
    private DepthwiseConv3x3Kernel dw;
    private DepthwiseConv3x3Kernel.PackedWeights packed;
    private float[] in, out, weight, bias, paddedNchw, nchwOut;
    private long flops;

    @Setup
    public void setUp() {
        String[] dims = shape.substring(0, shape.indexOf('s')).split("x");
        channels = Integer.parseInt(dims[0]);
        height = Integer.parseInt(dims[1]);
        width = Integer.parseInt(dims[2]);
        stride = Integer.parseInt(shape.substring(shape.indexOf('s') + 1));
        outH = DepthwiseConv3x3Kernel.outSize(height, stride);
        outW = DepthwiseConv3x3Kernel.outSize(width, stride);
        flops = 2L * 9 * channels * outH * outW;
        Random rnd = new Random(1);
        weight = random(rnd, channels * 9);
        bias = random(rnd, channels);
        in = random(rnd, channels * height * width);
        out = new float[channels * outH * outW];
        switch (kernel) {
            case "nchw-along-w" -> {
                int pw = width + 2, plane = (height + 2) * pw;
                paddedNchw = new float[channels * plane + 4 * L + 4];
                for (int c = 0; c < channels; c++)
                    for (int y = 0; y < height; y++)
                        for (int x = 0; x < width; x++)
                            paddedNchw[c * plane + (y + 1) * pw + x + 1] = in[(y * width + x) * channels + c];
                nchwOut = new float[channels * outH * outW];
            }
            default -> dw = KernelsByName.set(kernel, s -> s.depthwise().name()).depthwise();
        }
        if (dw != null) packed = dw.pack(weight, bias, channels);
        else checkNchwAgainstRegistry();
    }

    /** The NCHW helper exists only here, so check it once against the tested NHWC kernel before timing it. */
    private void checkNchwAgainstRegistry() {
        DepthwiseConv3x3Kernel reference = KernelRegistry.scalar().depthwise();
        reference.run(reference.pack(weight, bias, channels), stride, height, width, in, 0, channels, out, 0,
                channels, 0, outH, true);
        if (stride == 1) nchwStride1(paddedNchw, weight, bias, nchwOut, channels, height, width);
        else nchwStride2(paddedNchw, weight, bias, nchwOut, channels, height, width);
        for (int c = 0; c < channels; c++)
            for (int p = 0; p < outH * outW; p++) {
                float a = out[p * channels + c], b = nchwOut[c * outH * outW + p];
                if (Math.abs(a - b) > 1e-5f * 10)
                    throw new IllegalStateException("nchw-along-w disagrees with the scalar kernel at channel " + c
                            + " pixel " + p + ": " + b + " vs " + a);
            }
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }

    @Benchmark
    public float depthwise(FlopCounter counter) {
        if (dw != null) {
            dw.run(packed, stride, height, width, in, 0, channels, out, 0, channels, 0, outH, true);
            counter.gflops += flops;
            return out[out.length - 1];
        }
        if (stride == 1) nchwStride1(paddedNchw, weight, bias, nchwOut, channels, height, width);
        else nchwStride2(paddedNchw, weight, bias, nchwOut, channels, height, width);
        counter.gflops += flops;
        return nchwOut[nchwOut.length - 1];
    }

    private static void nchwStride1(float[] in, float[] w, float[] b, float[] out, int channels, int h, int wd) {
        int pw = wd + 2, plane = (h + 2) * pw;
        for (int c = 0; c < channels; c++) {
            FloatVector k0 = FloatVector.broadcast(S, w[c * 9]), k1 = FloatVector.broadcast(S, w[c * 9 + 1]),
                    k2 = FloatVector.broadcast(S, w[c * 9 + 2]), k3 = FloatVector.broadcast(S, w[c * 9 + 3]),
                    k4 = FloatVector.broadcast(S, w[c * 9 + 4]), k5 = FloatVector.broadcast(S, w[c * 9 + 5]),
                    k6 = FloatVector.broadcast(S, w[c * 9 + 6]), k7 = FloatVector.broadcast(S, w[c * 9 + 7]),
                    k8 = FloatVector.broadcast(S, w[c * 9 + 8]);
            FloatVector bias = FloatVector.broadcast(S, b[c]);
            for (int oh = 0; oh < h; oh++) {
                int r0 = c * plane + oh * pw, r1 = r0 + pw, r2 = r1 + pw;
                int o = (c * h + oh) * wd;
                for (int ow = 0; ow < wd; ow += L) {
                    FloatVector acc = FloatVector.fromArray(S, in, r0 + ow).fma(k0, bias);
                    acc = FloatVector.fromArray(S, in, r0 + ow + 1).fma(k1, acc);
                    acc = FloatVector.fromArray(S, in, r0 + ow + 2).fma(k2, acc);
                    acc = FloatVector.fromArray(S, in, r1 + ow).fma(k3, acc);
                    acc = FloatVector.fromArray(S, in, r1 + ow + 1).fma(k4, acc);
                    acc = FloatVector.fromArray(S, in, r1 + ow + 2).fma(k5, acc);
                    acc = FloatVector.fromArray(S, in, r2 + ow).fma(k6, acc);
                    acc = FloatVector.fromArray(S, in, r2 + ow + 1).fma(k7, acc);
                    acc = FloatVector.fromArray(S, in, r2 + ow + 2).fma(k8, acc);
                    acc = acc.max(0f);
                    if (ow + L <= wd) acc.intoArray(out, o + ow);
                    else acc.intoArray(out, o + ow, S.indexInRange(ow, wd));
                }
            }
        }
    }

    private static final FloatVector EVEN = indices(0), ODD = indices(1);

    private static FloatVector indices(int first) {
        float[] idx = new float[L];
        for (int i = 0; i < L; i++) idx[i] = 2 * i + first;
        return FloatVector.fromArray(S, idx, 0);
    }

    private static void nchwStride2(float[] in, float[] w, float[] b, float[] out, int channels, int h, int wd) {
        int pw = wd + 2, plane = (h + 2) * pw;
        int oh = DepthwiseConv3x3Kernel.outSize(h, 2), owMax = DepthwiseConv3x3Kernel.outSize(wd, 2);
        FloatVector even = EVEN, odd = ODD;
        for (int c = 0; c < channels; c++) {
            FloatVector k0 = FloatVector.broadcast(S, w[c * 9]), k1 = FloatVector.broadcast(S, w[c * 9 + 1]),
                    k2 = FloatVector.broadcast(S, w[c * 9 + 2]), k3 = FloatVector.broadcast(S, w[c * 9 + 3]),
                    k4 = FloatVector.broadcast(S, w[c * 9 + 4]), k5 = FloatVector.broadcast(S, w[c * 9 + 5]),
                    k6 = FloatVector.broadcast(S, w[c * 9 + 6]), k7 = FloatVector.broadcast(S, w[c * 9 + 7]),
                    k8 = FloatVector.broadcast(S, w[c * 9 + 8]);
            FloatVector bias = FloatVector.broadcast(S, b[c]);
            for (int y = 0; y < oh; y++) {
                int o = (c * oh + y) * owMax;
                for (int ow = 0; ow < owMax; ow += L) {
                    int r0 = c * plane + 2 * y * pw + 2 * ow, r1 = r0 + pw, r2 = r1 + pw;
                    FloatVector a = FloatVector.fromArray(S, in, r0), bb = FloatVector.fromArray(S, in, r0 + L);
                    FloatVector a2 = FloatVector.fromArray(S, in, r0 + 2), b2 = FloatVector.fromArray(S, in, r0 + 2 + L);
                    FloatVector acc = even.selectFrom(a, bb).fma(k0, bias);
                    acc = odd.selectFrom(a, bb).fma(k1, acc);
                    acc = even.selectFrom(a2, b2).fma(k2, acc);
                    a = FloatVector.fromArray(S, in, r1); bb = FloatVector.fromArray(S, in, r1 + L);
                    a2 = FloatVector.fromArray(S, in, r1 + 2); b2 = FloatVector.fromArray(S, in, r1 + 2 + L);
                    acc = even.selectFrom(a, bb).fma(k3, acc);
                    acc = odd.selectFrom(a, bb).fma(k4, acc);
                    acc = even.selectFrom(a2, b2).fma(k5, acc);
                    a = FloatVector.fromArray(S, in, r2); bb = FloatVector.fromArray(S, in, r2 + L);
                    a2 = FloatVector.fromArray(S, in, r2 + 2); b2 = FloatVector.fromArray(S, in, r2 + 2 + L);
                    acc = even.selectFrom(a, bb).fma(k6, acc);
                    acc = odd.selectFrom(a, bb).fma(k7, acc);
                    acc = even.selectFrom(a2, b2).fma(k8, acc);
                    acc = acc.max(0f);
                    if (ow + L <= owMax) acc.intoArray(out, o + ow);
                    else acc.intoArray(out, o + ow, S.indexInRange(ow, owMax));
                }
            }
        }
    }
}
