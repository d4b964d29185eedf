package dev.shufflenet.panama.backend.acl;

import dev.shufflenet.panama.bindings.acl.AclDepthwiseHandle;
import dev.shufflenet.panama.bindings.acl.AclLibrary;
import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Depthwise 3x3 convolution by Arm Compute Library (NEDepthwiseConvolutionLayer, NHWC, bias and ReLU fused),
 * to compare with the Vector API kernels on the same interface.
 *
 * <p>The runtime hands each thread a range of output rows over the whole batch. ACL convolves whole images, so
 * a range becomes at most three ACL convolutions ({@link DepthwiseBands}): the tail of one image, whole
 * images, the head of another; each is configured once and kept in the packed weights under its range. The
 * weights are transposed once at {@link #pack} to ACL's [kh][kw][channel] in native memory; activations are
 * passed in place (critical downcalls, no copy), and only the output view's channels are written.
 */
public final class AclDepthwiseConv3x3 implements DepthwiseConv3x3Kernel {
    private final String name;

    private AclDepthwiseConv3x3() {
        String info = AclLibrary.status().info();
        this.name = "f32-dwconv3x3-acl-" + (info != null && info.contains(",sve") ? "sve" : "neon");
    }

    /** The kernel, or empty when the ACL shim is not loaded ({@link AclLibrary#status()} says why). */
    public static Optional<AclDepthwiseConv3x3> ifAvailable() {
        return AclLibrary.isLoaded() ? Optional.of(new AclDepthwiseConv3x3()) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Packed pack(float[] weight, float[] bias, int channels) {
        Checks.positive(name, "channels", channels);
        Checks.length(name, "weight [channels][1][3][3]", weight, 9L * channels);
        if (bias != null) Checks.length(name, "bias", bias, channels);
        return new Packed(name, weight, bias, channels);
    }

    @Override
    public void run(PackedWeights w, int stride, int inH, int inW, float[] in, int inOff, int inStride, float[] out,
                    int outOff, int outStride, int rowBegin, int rowEnd, boolean relu) {
        Packed p = packed(w);
        if (stride != 1 && stride != 2)
            throw new IllegalArgumentException(name + ": stride must be 1 or 2, found " + stride);
        Checks.positive(name, "input height", inH);
        Checks.positive(name, "input width", inW);
        Checks.range(name, "output row", rowBegin, rowEnd, Integer.MAX_VALUE);
        if (rowEnd == rowBegin) return;
        int outH = DepthwiseConv3x3Kernel.outSize(inH, stride), outW = DepthwiseConv3x3Kernel.outSize(inW, stride);
        long images = (rowEnd - 1) / outH + 1;
        Checks.view(name, "input", in, inOff, inStride, p.channels, images * inH * inW);
        Checks.view(name, "output", out, outOff, outStride, p.channels, (long) rowEnd * outW);

        RangeKey key = new RangeKey(stride, inH, inW, inStride, outStride, rowBegin, rowEnd, relu);
        Plan cached = p.plans.cached(key, p::configure);
        if (cached != null) {
            cached.run(in, inOff, inStride, out, outOff, outStride);
        } else {
            try (Plan once = p.configure(key)) {
                once.run(in, inOff, inStride, out, outOff, outStride);
            }
        }
    }

    private Packed packed(PackedWeights w) {
        if (w instanceof Packed p && p.packedBy.equals(name)) return p;
        throw new IllegalArgumentException(name + ": weights were packed by another kernel ("
                + (w instanceof Packed p ? p.packedBy : w == null ? "null" : w.getClass().getSimpleName()) + ")");
    }

    /** Everything that fixes the ACL convolutions of one call besides the weights. */
    private record RangeKey(int stride, int inH, int inW, int inStride, int outStride, int rowBegin, int rowEnd,
                            boolean relu) {}

    /** The configured convolutions of one range, with the pixels each starts at. */
    private record Plan(List<AclDepthwiseHandle> handles, long[] inPixelFirst, long[] outPixelFirst)
            implements AutoCloseable {
        void run(float[] in, int inOff, int inStride, float[] out, int outOff, int outStride) {
            for (int i = 0; i < handles.size(); i++)
                handles.get(i).run(in, Math.toIntExact(inOff + inPixelFirst[i] * inStride), out,
                        Math.toIntExact(outOff + outPixelFirst[i] * outStride));
        }

        @Override
        public void close() {
            handles.forEach(AclDepthwiseHandle::close);
        }
    }

    /**
     * Weights as [kh][kw][channel] and the bias in native memory, plus the convolutions configured for them. An
     * automatic arena owns the memory; {@link #close()} frees the ACL objects at once.
     */
    public static final class Packed implements PackedWeights, AutoCloseable {
        private final String packedBy;
        private final int channels;
        private final MemorySegment weightsHwc, bias;
        private final HandleCache<RangeKey, Plan> plans = new HandleCache<>();

        private Packed(String packedBy, float[] weight, float[] bias, int channels) {
            this.packedBy = packedBy;
            this.channels = channels;
            Arena arena = Arena.ofAuto();
            this.weightsHwc = arena.allocate(ValueLayout.JAVA_FLOAT, 9L * channels);
            for (int c = 0; c < channels; c++)
                for (int tap = 0; tap < 9; tap++)
                    weightsHwc.setAtIndex(ValueLayout.JAVA_FLOAT, (long) tap * channels + c, weight[c * 9 + tap]);
            this.bias = bias == null ? null : arena.allocateFrom(ValueLayout.JAVA_FLOAT, bias);
        }

        private Plan configure(RangeKey k) {
            List<DepthwiseBands.Band> bands = DepthwiseBands.split(k.stride(), k.inH(), k.inW(), channels,
                    k.inStride(), k.outStride(), k.rowBegin(), k.rowEnd());
            List<AclDepthwiseHandle> handles = new ArrayList<>(bands.size());
            long[] inFirst = new long[bands.size()], outFirst = new long[bands.size()];
            try {
                for (int i = 0; i < bands.size(); i++) {
                    DepthwiseBands.Band b = bands.get(i);
                    handles.add(AclDepthwiseHandle.create(b.geometry(), weightsHwc, bias, k.relu()));
                    inFirst[i] = b.inPixelFirst();
                    outFirst[i] = b.outPixelFirst();
                }
            } catch (RuntimeException e) {
                handles.forEach(AclDepthwiseHandle::close);
                throw e;
            }
            return new Plan(List.copyOf(handles), inFirst, outFirst);
        }

        @Override
        public int channels() {
            return channels;
        }

        /** Row ranges configured so far. */
        public int rangeCount() {
            return plans.size();
        }

        /** Frees the ACL handles now; the weights are unusable afterwards. */
        @Override
        public void close() {
            plans.close();
        }
    }
}
