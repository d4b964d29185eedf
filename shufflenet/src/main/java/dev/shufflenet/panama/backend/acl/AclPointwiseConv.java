package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.backend.PackedBy;
import dev.shufflenet.panama.bindings.acl.AclGemmHandle;
import dev.shufflenet.panama.bindings.acl.AclLibrary;
import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * 1x1 convolution (and the FC layer) as an Arm Compute Library GEMM (NEGEMM, bias and ReLU fused).
 *
 * <p>Mapping, row-major: C[P x M] = A[P x K] * W^T + bias, with A the input view (row p is pixel p,
 * {@code lda = inStride}, so a channel slice is read in place), C the output view ({@code ldc = outStride};
 * ACL writes exactly M values per row) and W^T the weight transposed once at {@link #pack} into native memory.
 * One ACL handle is configured per (pixel count, strides, ReLU) and kept in the packed weights; the runtime
 * calls each layer with fixed ranges, so configuration happens during the first inference only, and later calls
 * find their handle without allocating.
 *
 * <p>Activations are not copied: the {@code float[]} arrays go to ACL in place through a {@code critical}
 * downcall (the arrays are pinned, and garbage collection waits, for the call's duration).
 *
 * <p>Threads: each call runs on the calling thread (ACL's single-threaded scheduler); calls on disjoint pixel
 * ranges, as the runtime makes them, use distinct handles and run concurrently.
 */
public final class AclPointwiseConv implements PointwiseConvKernel {
    private final String name;
    private final String minmaxName;
    /** The clamp of the minmax variant, after ACL's GEMM with its ReLU (the shim's activation is ReLU only). */
    private static final dev.shufflenet.panama.kernels.gemm.GemmEpilogueKernel CLAMP =
            dev.shufflenet.panama.kernels.KernelRegistry.best().gemmEpilogue();

    private AclPointwiseConv() {
        String info = AclLibrary.status().info();
        boolean sve = info != null && info.contains(",sve");
        this.name = sve ? "f32-gemm-acl-sve" : "f32-gemm-acl-neon";
        this.minmaxName = sve ? "f32-gemm-acl-sve-minmax" : "f32-gemm-acl-neon-minmax";
    }

    @Override
    public String minmaxName() {
        return minmaxName;
    }

    /**
     * The minmax variant: ACL's GEMM (with its ReLU when min is 0), then a clamp pass over the rows just
     * written; max = +infinity with min 0 or -infinity is the plain run.
     */
    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, float min, float max) {
        Checks.clampBounds(name, min, max);
        boolean plain = max == Float.POSITIVE_INFINITY && (min == 0f || min == Float.NEGATIVE_INFINITY);
        run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, min == 0f);
        if (plain || pixelEnd == pixelBegin) return;
        CLAMP.addBiasClamp(out, outOff + pixelBegin * outStride, outStride, pixelEnd - pixelBegin, null,
                packed(w).outChannels, min, max);
    }

    /** The kernel, or empty when the ACL shim is not loaded ({@link AclLibrary#status()} says why). */
    public static Optional<AclPointwiseConv> ifAvailable() {
        return AclLibrary.isLoaded() ? Optional.of(new AclPointwiseConv()) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Packed pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        Checks.positive(name, "outChannels", outChannels);
        Checks.positive(name, "inChannels", inChannels);
        Checks.length(name, "weight", weight, (long) outChannels * inChannels);
        if (bias != null) Checks.length(name, "bias", bias, outChannels);
        return new Packed(name, weight, bias, outChannels, inChannels);
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        Packed p = packed(w);
        int m = p.outChannels, k = p.inChannels;
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(name, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, m, pixelEnd);
        int rows = pixelEnd - pixelBegin;
        if (rows == 0) return;
        int a = inOff + pixelBegin * inStride, c = outOff + pixelBegin * outStride;
        // The lookup allocates nothing; only the first call of a shape configures (and allocates).
        AclGemmHandle cached = p.handles.find(rows, inStride, outStride, relu);
        if (cached == null) cached = p.handles.configure(rows, inStride, outStride, relu, p::configure);
        if (cached != null) {
            cached.run(in, a, out, c);
        } else {
            try (AclGemmHandle once = p.configure(rows, inStride, outStride, relu)) {
                once.run(in, a, out, c);
            }
        }
    }

    private Packed packed(PackedWeights w) {
        return PackedBy.check(name, w, Packed.class, Packed::packedBy);
    }

    /**
     * W^T ([K][M]) and the bias in native memory, plus the GEMM handles configured for them. Memory belongs to an
     * automatic arena, so dropping the object frees everything; {@link #close()} frees the ACL objects at once.
     */
    public static final class Packed implements PackedWeights, AutoCloseable {
        private final String packedBy;
        private final int outChannels, inChannels;
        private final MemorySegment weightT, bias;
        private final HandleCache<AclGemmHandle> handles = new HandleCache<>();

        private Packed(String packedBy, float[] weight, float[] bias, int outChannels, int inChannels) {
            this.packedBy = packedBy;
            this.outChannels = outChannels;
            this.inChannels = inChannels;
            Arena arena = Arena.ofAuto();
            this.weightT = arena.allocate(ValueLayout.JAVA_FLOAT, (long) inChannels * outChannels);
            for (int o = 0; o < outChannels; o++)
                for (int i = 0; i < inChannels; i++)
                    weightT.setAtIndex(ValueLayout.JAVA_FLOAT, (long) i * outChannels + o, weight[o * inChannels + i]);
            this.bias = bias == null ? null : arena.allocateFrom(ValueLayout.JAVA_FLOAT, bias);
        }

        private AclGemmHandle configure(int pixels, int inStride, int outStride, boolean relu) {
            var shape = new AclGemmHandle.Shape(pixels, outChannels, inChannels, inStride, outChannels, outStride);
            return AclGemmHandle.create(shape, weightT, bias, relu);
        }

        private String packedBy() {
            return packedBy;
        }

        @Override
        public int outChannels() {
            return outChannels;
        }

        @Override
        public int inChannels() {
            return inChannels;
        }

        /** ACL handles configured so far (one per distinct range shape). */
        public int handleCount() {
            return handles.size();
        }

        /** Frees the ACL handles now; the weights are unusable afterwards. */
        @Override
        public void close() {
            handles.close();
        }
    }
}
