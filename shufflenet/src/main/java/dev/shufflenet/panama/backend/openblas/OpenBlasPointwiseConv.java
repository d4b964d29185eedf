package dev.shufflenet.panama.backend.openblas;

import dev.shufflenet.panama.backend.PackedBy;
import dev.shufflenet.panama.bindings.openblas.OpenBlas;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.gemm.GemmEpilogueKernel;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * 1x1 convolution (and the FC layer) as one OpenBLAS {@code cblas_sgemm} per call.
 *
 * <p>Mapping, row-major: C[P x M] = A[P x K] * W^T, where A is the input view (row p is pixel p, so
 * {@code lda = inStride}: a channel slice of a wider tensor is read in place), and C is the output view
 * ({@code ldc = outStride}: OpenBLAS writes exactly M values per row, so channels past outChannels are never
 * touched). W is either kept as given, [M][K], and passed with {@code TransB} ({@code ldb = K}), or
 * repacked once to [K][M] ({@code ldb = M}). Bias is either written into C first and the product added
 * with {@code beta = 1}, or added by a pass after a {@code beta = 0} product; ReLU is always a pass over the
 * block just written. {@link WeightLayout} and {@link BiasMode} choose; see {@link #DEFAULT_LAYOUT} for
 * how the defaults were picked. A single pixel (the FC layer at batch 1) goes to {@code cblas_sgemv}.
 *
 * <p>Threads: the runtime gives each of its threads a disjoint range of pixels and calls {@link #run}
 * concurrently; each call runs on the calling thread only, because {@link OpenBlasLibrary} sets OpenBLAS
 * to one thread at load. Raising that ({@code -Dshufflenet.openblas.threads}) while the runtime also uses
 * several threads would oversubscribe the cores.

 */
public final class OpenBlasPointwiseConv implements PointwiseConvKernel {
    /** How the weights are handed to sgemm. */
    public enum WeightLayout {
        /** [M][K] as given, with {@code TransB}. */
        OUT_IN,
        /** Repacked to [K][M], no transpose. */
        IN_OUT
    }

    /** How the bias gets into the result. */
    public enum BiasMode {
        /** Copy the bias into each output row, then sgemm with {@code beta = 1}. */
        PREFILL,
        /** sgemm with {@code beta = 0}, then one pass adding the bias (and applying ReLU). */
        POST_PASS
    }

    /** The defaults, per target: {@link TargetConfig#openBlasTransB} and {@link TargetConfig#openBlasBiasPass}. */
    public static final WeightLayout DEFAULT_LAYOUT =
            TargetConfigs.current().openBlasTransB() ? WeightLayout.OUT_IN : WeightLayout.IN_OUT;
    public static final BiasMode DEFAULT_BIAS_MODE =
            TargetConfigs.current().openBlasBiasPass() ? BiasMode.POST_PASS : BiasMode.PREFILL;

    /** Bias and ReLU passes: the Vector API one where the JVM has it, else its scalar twin. */
    private static final GemmEpilogueKernel EPILOGUE = KernelRegistry.best().gemmEpilogue();

    private final OpenBlas blas;
    private final WeightLayout layout;
    private final BiasMode biasMode;
    private final String name;
    /** The name with the residual add + ReLU joined to the bias pass ({@link #runAddRelu}). */
    private final String addReluName;
    private final String minmaxName;

    public OpenBlasPointwiseConv(OpenBlas blas) {
        this(blas, DEFAULT_LAYOUT, DEFAULT_BIAS_MODE);
    }

    public OpenBlasPointwiseConv(OpenBlas blas, WeightLayout layout, BiasMode biasMode) {
        if (blas == null || layout == null || biasMode == null)
            throw new IllegalArgumentException("OpenBlasPointwiseConv: blas, layout and biasMode must not be null");
        this.blas = blas;
        this.layout = layout;
        this.biasMode = biasMode;
        // One literal per variant, so that a name printed by info --plan or profile leads here by grep; the
        // OpenBLAS core that runs it (zen, skylakex, neoversen1, ...) is in info's openblas line.
        boolean transposed = layout == WeightLayout.OUT_IN, prefill = biasMode == BiasMode.PREFILL;
        this.name = transposed
                ? (prefill ? "f32-gemm-openblas-wt-prefill" : "f32-gemm-openblas-wt-postbias")
                : (prefill ? "f32-gemm-openblas-w-prefill" : "f32-gemm-openblas-w-postbias");
        this.addReluName = transposed
                ? (prefill ? "f32-gemm-openblas-wt-prefill-addrelu" : "f32-gemm-openblas-wt-postbias-addrelu")
                : (prefill ? "f32-gemm-openblas-w-prefill-addrelu" : "f32-gemm-openblas-w-postbias-addrelu");
        // The minmax variant (ReLU6): the same product, the clamp in the bias pass (or its own pass).
        this.minmaxName = transposed
                ? (prefill ? "f32-gemm-openblas-wt-prefill-minmax" : "f32-gemm-openblas-wt-postbias-minmax")
                : (prefill ? "f32-gemm-openblas-w-prefill-minmax" : "f32-gemm-openblas-w-postbias-minmax");
    }

    @Override
    public String minmaxName() {
        return minmaxName;
    }

    /** The kernel with default settings, or empty when OpenBLAS is not loaded (the status says why). */
    public static Optional<OpenBlasPointwiseConv> ifAvailable() {
        return OpenBlasLibrary.openBlas().map(OpenBlasPointwiseConv::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        Checks.positive(name, "outChannels", outChannels);
        Checks.positive(name, "inChannels", inChannels);
        Checks.length(name, "weight", weight, (long) outChannels * inChannels);
        if (bias != null) Checks.length(name, "bias", bias, outChannels);
        float[] w = layout == WeightLayout.OUT_IN ? weight.clone() : transpose(weight, outChannels, inChannels);
        return new Packed(name, w, bias == null ? null : bias.clone(), outChannels, inChannels);
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** The minmax variant: max = +infinity is the ReLU (min 0) or plain run, with their passes. */
    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, float min, float max) {
        Packed p = packed(w);
        int m = p.outChannels, k = p.inChannels;
        Checks.clampBounds(name, min, max);
        boolean relu = min == 0f;
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(name, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, m, pixelEnd);
        int rows = pixelEnd - pixelBegin;
        if (rows == 0) return;
        int a = inOff + pixelBegin * inStride;
        int c = outOff + pixelBegin * outStride;
        boolean prefill = p.bias != null && biasMode == BiasMode.PREFILL;
        if (prefill) EPILOGUE.fillRows(out, c, outStride, rows, p.bias, m);
        float beta = prefill ? 1f : 0f;
        if (rows == 1) {
            // One pixel (the FC layer at batch 1) is a matrix-vector product. OpenBLAS does not forward a
            // one-row sgemm to gemv; OpenBlasGemmBenchmark's 1000x1024x1 went from about 3 to 26-30 GFLOP/s
            // per CPU-second with this.
            if (layout == WeightLayout.OUT_IN) {
                blas.sgemv(OpenBlas.Transpose.NO, m, k, 1f, p.weight, 0, k, in, a, 1, beta, out, c, 1);
            } else {
                blas.sgemv(OpenBlas.Transpose.YES, k, m, 1f, p.weight, 0, m, in, a, 1, beta, out, c, 1);
            }
        } else if (layout == WeightLayout.OUT_IN) {
            blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.YES, rows, m, k, 1f, in, a, inStride,
                    p.weight, 0, k, beta, out, c, outStride);
        } else {
            blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, rows, m, k, 1f, in, a, inStride,
                    p.weight, 0, m, beta, out, c, outStride);
        }
        if (max < Float.POSITIVE_INFINITY || (min != 0f && min != Float.NEGATIVE_INFINITY))
            EPILOGUE.addBiasClamp(out, c, outStride, rows, prefill ? null : p.bias, m, min, max);
        else if (p.bias != null && !prefill) EPILOGUE.addBias(out, c, outStride, rows, p.bias, m, relu);
        else if (relu) EPILOGUE.relu(out, c, outStride, rows, m);
    }

    @Override
    public boolean readsChannelRuns() {
        return true;
    }

    /**
     * Input channels in runs (a folded channel shuffle): one product per run over the matching block of
     * weight columns, accumulated with {@code beta = 1} onto the bias (or zeros), then the ReLU pass. A
     * single run is one ordinary call on the shifted input view.
     */
    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        run(w, runs, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** As the runs variant, with the clamp of the minmax variant in the last pass. */
    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, float min, float max) {
        Packed p = packed(w);
        int m = p.outChannels, k = p.inChannels;
        Checks.clampBounds(name, min, max);
        if (runs == null) throw new IllegalArgumentException(name + ": channel runs are null");
        if (runs.channels() != k)
            throw new IllegalArgumentException(name + ": channel runs " + runs + " read " + runs.channels()
                    + " channels, but the weights have " + k + " input channels");
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(name, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, m, pixelEnd);
        if (runs.runCount() == 1) {
            run(w, in, inOff + runs.start(0), inStride, out, outOff, outStride, pixelBegin, pixelEnd, min, max);
            return;
        }
        int rows = pixelEnd - pixelBegin;
        if (rows == 0) return;
        int a = inOff + pixelBegin * inStride;
        int c = outOff + pixelBegin * outStride;
        if (p.bias != null) EPILOGUE.fillRows(out, c, outStride, rows, p.bias, m);
        else for (int r = 0, o = c; r < rows; r++, o += outStride) Arrays.fill(out, o, o + m, 0f);
        for (int r = 0, column = 0; r < runs.runCount(); column += runs.length(r), r++) {
            int length = runs.length(r), start = runs.start(r);
            if (layout == WeightLayout.OUT_IN) {
                blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.YES, rows, m, length, 1f, in, a + start, inStride,
                        p.weight, column, k, 1f, out, c, outStride);
            } else {
                blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, rows, m, length, 1f, in, a + start, inStride,
                        p.weight, column * m, m, 1f, out, c, outStride);
            }
        }
        if (max < Float.POSITIVE_INFINITY || (min != 0f && min != Float.NEGATIVE_INFINITY))
            EPILOGUE.addBiasClamp(out, c, outStride, rows, null, m, min, max);
        else if (min == 0f) EPILOGUE.relu(out, c, outStride, rows, m);
    }

    @Override
    public boolean addsResidual() {
        return true;
    }

    @Override
    public String addReluName() {
        return addReluName;
    }

    /**
     * The product as {@link #run} makes it, then one pass over the block just written that adds the bias
     * (post-pass mode), adds the residual and applies ReLU ({@link GemmEpilogueKernel#addResidualRelu}):
     * the separate add + ReLU pass over the branch is gone, and the bits are those of {@link #run} followed by
     * it.
     */
    @Override
    public void runAddRelu(PackedWeights w, float[] in, int inOff, int inStride, float[] res, int resOff,
                           int resStride, float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        Packed p = packed(w);
        int m = p.outChannels, k = p.inChannels;
        Checks.range(addReluName, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(addReluName, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(addReluName, "residual", res, resOff, resStride, m, pixelEnd);
        Checks.view(addReluName, "output", out, outOff, outStride, m, pixelEnd);
        int rows = pixelEnd - pixelBegin;
        if (rows == 0) return;
        int a = inOff + pixelBegin * inStride;
        int c = outOff + pixelBegin * outStride;
        boolean prefill = p.bias != null && biasMode == BiasMode.PREFILL;
        if (prefill) EPILOGUE.fillRows(out, c, outStride, rows, p.bias, m);
        float beta = prefill ? 1f : 0f;
        if (rows == 1) {
            if (layout == WeightLayout.OUT_IN) {
                blas.sgemv(OpenBlas.Transpose.NO, m, k, 1f, p.weight, 0, k, in, a, 1, beta, out, c, 1);
            } else {
                blas.sgemv(OpenBlas.Transpose.YES, k, m, 1f, p.weight, 0, m, in, a, 1, beta, out, c, 1);
            }
        } else {
            product(p, rows, k, in, a, inStride, 0, 0, beta, out, c, outStride);
        }
        EPILOGUE.addResidualRelu(out, c, outStride, rows, prefill ? null : p.bias, m, res,
                resOff + pixelBegin * resStride, resStride);
    }

    /** As the runs variant of {@link #run}: the bias prefilled, one product per run, then the residual pass. */
    @Override
    public void runAddRelu(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] res,
                           int resOff, int resStride, float[] out, int outOff, int outStride, int pixelBegin,
                           int pixelEnd) {
        Packed p = packed(w);
        int m = p.outChannels, k = p.inChannels;
        if (runs == null) throw new IllegalArgumentException(addReluName + ": channel runs are null");
        if (runs.channels() != k)
            throw new IllegalArgumentException(addReluName + ": channel runs " + runs + " read " + runs.channels()
                    + " channels, but the weights have " + k + " input channels");
        if (runs.runCount() == 1) {
            runAddRelu(w, in, inOff + runs.start(0), inStride, res, resOff, resStride, out, outOff, outStride,
                    pixelBegin, pixelEnd);
            return;
        }
        Checks.range(addReluName, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(addReluName, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(addReluName, "residual", res, resOff, resStride, m, pixelEnd);
        Checks.view(addReluName, "output", out, outOff, outStride, m, pixelEnd);
        int rows = pixelEnd - pixelBegin;
        if (rows == 0) return;
        int a = inOff + pixelBegin * inStride;
        int c = outOff + pixelBegin * outStride;
        if (p.bias != null) EPILOGUE.fillRows(out, c, outStride, rows, p.bias, m);
        else for (int r = 0, o = c; r < rows; r++, o += outStride) Arrays.fill(out, o, o + m, 0f);
        for (int r = 0, column = 0; r < runs.runCount(); column += runs.length(r), r++)
            product(p, rows, runs.length(r), in, a + runs.start(r), inStride, column, column * m, 1f, out, c,
                    outStride);
        EPILOGUE.addResidualRelu(out, c, outStride, rows, null, m, res, resOff + pixelBegin * resStride, resStride);
    }

    /**
     * One sgemm of {@code rows} pixels by {@code length} weight columns starting at column {@code column}
     * ({@code columnOffset} into the [K][M] layout), onto {@code beta} times the output.
     */
    private void product(Packed p, int rows, int length, float[] in, int a, int inStride, int column,
                         int columnOffset, float beta, float[] out, int c, int outStride) {
        int m = p.outChannels, k = p.inChannels;
        if (layout == WeightLayout.OUT_IN) {
            blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.YES, rows, m, length, 1f, in, a, inStride,
                    p.weight, column, k, beta, out, c, outStride);
        } else {
            blas.sgemm(OpenBlas.Transpose.NO, OpenBlas.Transpose.NO, rows, m, length, 1f, in, a, inStride,
                    p.weight, columnOffset, m, beta, out, c, outStride);
        }
    }

    private Packed packed(PackedWeights w) {
        return PackedBy.check(name, w, Packed.class, Packed::packedBy);
    }

    /** Weights as this kernel's layout wants them; bias null when there is none (then beta = 0, no pass). */
    private record Packed(String packedBy, float[] weight, float[] bias, int outChannels, int inChannels)
            implements PackedWeights {}
}
