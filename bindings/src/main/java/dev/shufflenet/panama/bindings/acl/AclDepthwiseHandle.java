package dev.shufflenet.panama.bindings.acl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A depthwise 3x3 convolution configured once in Arm Compute Library and run many times, over NHWC images with
 * pixel strides: stride 1 or 2, one pixel of zero padding left and right, {@code padTop}/{@code padBottom}
 * 0 or 1, bias, optional fused ReLU.
 * {@code out[n][oh][ow][c] = act(bias[c] + sum in[n][oh*s+kh-padTop][ow*s+kw-1][c] * w[kh][kw][c])}.
 *
 * <p>Padding on one side only lets a caller compute a band of output rows: the band's input rows start at
 * the row above its first output row's window, and padding appears only where the band touches the image's
 * top or bottom edge. Output channels beyond {@code channels} are never written.
 *
 * <p>Memory and threads as for {@link AclGemmHandle}: the weights ({@code [kh][kw][c]}) and bias are native segments
 * kept alive until {@link #close()}; images are passed per run, in place.
 */
public final class AclDepthwiseHandle implements AutoCloseable {
    /**
     * The geometry of one convolution, validated on construction.
     *
     * @param inPixelStride  floats between input pixels, at least channels
     * @param outPixelStride floats between output pixels, at least channels
     */
    public record Geometry(int batch, int inH, int inW, int channels, int inPixelStride, int outPixelStride,
                           int stride, int padTop, int padBottom) {
        public Geometry {
            String who = "AclDepthwiseHandle";
            AclChecks.positive(who, "batch", batch);
            AclChecks.positive(who, "inH", inH);
            AclChecks.positive(who, "inW", inW);
            AclChecks.positive(who, "channels", channels);
            AclChecks.atLeast(who, "inPixelStride", inPixelStride, "channels", channels);
            AclChecks.atLeast(who, "outPixelStride", outPixelStride, "channels", channels);
            if (stride != 1 && stride != 2)
                throw new IllegalArgumentException(who + ": stride must be 1 or 2, found " + stride);
            if ((padTop != 0 && padTop != 1) || (padBottom != 0 && padBottom != 1))
                throw new IllegalArgumentException(who + ": padTop and padBottom must be 0 or 1, found " + padTop
                        + " and " + padBottom);
            if (inH + padTop + padBottom < 3)
                throw new IllegalArgumentException(who + ": inH " + inH + " + padTop " + padTop + " + padBottom "
                        + padBottom + " must be at least 3, the height of one window");
        }

        /** Whole images: one pixel of padding on every side. */
        public static Geometry whole(int batch, int inH, int inW, int channels, int inPixelStride,
                                     int outPixelStride, int stride) {
            return new Geometry(batch, inH, inW, channels, inPixelStride, outPixelStride, stride, 1, 1);
        }

        public int outH() {
            return (inH + padTop + padBottom - 3) / stride + 1;
        }

        public int outW() {
            return (inW - 1) / stride + 1;
        }

        public long inPixels() {
            return (long) batch * inH * inW;
        }

        public long outPixels() {
            return (long) batch * outH() * outW();
        }

        @Override
        public String toString() {
            return "batch=" + batch + " in=" + inH + "x" + inW + " channels=" + channels + " pixel strides="
                    + inPixelStride + "/" + outPixelStride + " stride=" + stride + " pads=" + padTop + "/" + padBottom;
        }
    }

    private final Geometry g;
    private final MemorySegment weights, bias; // kept here so that an automatic arena cannot free them under ACL
    private final boolean relu;
    private final String name;
    private final NativeHandle handle;

    private AclDepthwiseHandle(Geometry g, MemorySegment weights, MemorySegment bias, boolean relu,
                                MemorySegment address) {
        this.g = g;
        this.weights = weights;
        this.bias = bias;
        this.relu = relu;
        this.name = "AclDepthwiseHandle(" + g + (bias != null ? ", bias" : "") + (relu ? ", relu" : "") + ")";
        this.handle = new NativeHandle(this, address, shufflenet_acl_h::shufflenet_acl_dwconv3x3_destroy);
    }

    /**
     * Configures a convolution (ACL validates it first).
     *
     * @param weightsHwc 9 * channels floats, {@code [kh][kw][c]}, native memory kept alive until {@link #close()}
     * @param bias       channels floats of native memory, or null
     * @throws IllegalArgumentException for a segment that is too small, on the heap or misaligned
     * @throws IllegalStateException    when the shim is not loaded ({@link AclLibrary#status()} says why)
     * @throws AclException             when ACL refuses the configuration
     */
    public static AclDepthwiseHandle create(Geometry g, MemorySegment weightsHwc, MemorySegment bias, boolean relu) {
        if (g == null) throw new IllegalArgumentException("AclDepthwiseHandle: geometry is null");
        AclChecks.segment("AclDepthwiseHandle", "weights", weightsHwc, 9L * g.channels(), true);
        if (bias != null) AclChecks.segment("AclDepthwiseHandle", "bias", bias, g.channels(), true);
        AclLibrary.require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int code = shufflenet_acl_h.shufflenet_acl_dwconv3x3_create(g.batch(), g.inH(), g.inW(), g.channels(),
                    g.inPixelStride(), g.outPixelStride(), g.stride(), g.padTop(), g.padBottom(), weightsHwc,
                    bias == null ? MemorySegment.NULL : bias, relu ? shufflenet_acl_h.SHUFFLENET_ACL_RELU() : 0, out);
            AclException.check("shufflenet_acl_dwconv3x3_create", code);
            return new AclDepthwiseHandle(g, weightsHwc, bias, relu, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** Convolves the images in {@code in} from {@code inOffset} into {@code out} from {@code outOffset}. */
    public void run(float[] in, int inOffset, float[] out, int outOffset) {
        AclChecks.array(name, "input", in, inOffset, g.inPixels(), g.inPixelStride(), g.channels());
        AclChecks.array(name, "output", out, outOffset, g.outPixels(), g.outPixelStride(), g.channels());
        AclChecks.disjoint(name, "input", in, inOffset, g.inPixels(), g.inPixelStride(), g.channels(),
                "output", out, outOffset, g.outPixels(), g.outPixelStride(), g.channels());
        call(AclGemmHandle.slice(in, inOffset), AclGemmHandle.slice(out, outOffset));
    }

    /** The same on segments (native or heap) that start at their first pixel. */
    public void run(MemorySegment in, MemorySegment out) {
        AclChecks.segment(name, "input", in, AclChecks.span(g.inPixels(), g.inPixelStride(), g.channels()), false);
        AclChecks.segment(name, "output", out, AclChecks.span(g.outPixels(), g.outPixelStride(), g.channels()), false);
        if (out.isReadOnly()) throw new IllegalArgumentException(name + ": output segment is read-only");
        call(in, out);
    }

    private void call(MemorySegment in, MemorySegment out) {
        Object pool = AclLibrary.runLock();
        synchronized (this) {
            MemorySegment h = handle.address(name);
            if (!weights.scope().isAlive() || (bias != null && !bias.scope().isAlive()))
                throw new IllegalStateException(name + ": the weights' arena was closed before the handle");
            if (pool == null) {
                AclException.check("shufflenet_acl_dwconv3x3_run", shufflenet_acl_h.shufflenet_acl_dwconv3x3_run(h, in, out));
            } else {
                synchronized (pool) {
                    AclException.check("shufflenet_acl_dwconv3x3_run",
                            shufflenet_acl_h.shufflenet_acl_dwconv3x3_run(h, in, out));
                }
            }
        }
    }

    public Geometry geometry() {
        return g;
    }

    public boolean relu() {
        return relu;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** Frees the ACL objects (not the weights or bias, which the caller owns); idempotent. */
    @Override
    public synchronized void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return name + (handle.isOpen() ? "" : " (closed)");
    }
}
