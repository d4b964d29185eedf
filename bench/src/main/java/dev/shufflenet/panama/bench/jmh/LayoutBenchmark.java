package dev.shufflenet.panama.bench.jmh;

import dev.shufflenet.panama.kernels.layout.LayoutKernel;
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

/** The input image's NCHW to NHWC conversion, 3 x 224x224, batch 1. {@code gbytes}: read + written, GB/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LayoutBenchmark {
    @Param({"f32-layout-vector512", "f32-layout-scalar"})
    public String kernel;

    private LayoutKernel layout;
    private float[] nchw, nhwc;

    @Setup
    public void setUp() {
        layout = KernelsByName.set(kernel, s -> s.layout().name()).layout();
        Random rnd = new Random(1);
        nchw = new float[3 * 224 * 224];
        for (int i = 0; i < nchw.length; i++) nchw[i] = rnd.nextFloat();
        nhwc = new float[nchw.length];
    }

    @Benchmark
    public float imageToNhwc(ByteCounter counter) {
        layout.nchwToNhwc(3, 224, 224, nchw, 0, nhwc, 0, 3, 0, 1);
        counter.gbytes += 8L * nchw.length;
        return nhwc[nhwc.length - 1];
    }
}
