package dev.shufflenet.panama.bindings.acl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A GEMM configured once in Arm Compute Library and run many times:
 * {@code C[m][n] = act(A[m][k] * B[k][n] + bias[n])}, row-major, with leading dimensions.
 *
 * <p>For a 1x1 convolution over NHWC pixels: m = pixels, k = input channels, n = output channels,
 * {@code lda}/{@code ldc} = the input/output pixel strides, B = the transposed [out][in] weight. Columns
 * {@code n..ldc-1} of C are never written, so C can be a channel slice of a wider tensor.
 *
 * <p>Memory: B and the bias are native segments the caller owns and keeps alive (and unchanged) until
 * {@link #close()}: ACL reads them on the first run and packs B into its own layout. A and C are passed per run,
 * as {@code float[]} (in place, no copy: the downcall is {@code critical}, which pins the arrays and holds off
 * garbage collection for its duration, a few milliseconds at most for ShuffleNet's largest layer) or segments.
 *
 * <p>Threads: one handle runs one call at a time (runs are synchronised on it); distinct handles may run
 * concurrently unless ACL has its own thread pool ({@code -Dshufflenet.acl.threads} above 1).
 */
public final class AclGemmHandle implements AutoCloseable {
    /**
     * The shape of a GEMM, validated on construction.
     *
     * @param lda row stride of A in floats, at least k
     * @param ldb row stride of B in floats, at least n
     * @param ldc row stride of C in floats, at least n
     */
    public record Shape(int m, int n, int k, int lda, int ldb, int ldc) {
        public Shape {
            String who = "AclGemmHandle";
            AclChecks.positive(who, "m", m);
            AclChecks.positive(who, "n", n);
            AclChecks.positive(who, "k", k);
            AclChecks.atLeast(who, "lda", lda, "k", k);
            AclChecks.atLeast(who, "ldb", ldb, "n", n);
            AclChecks.atLeast(who, "ldc", ldc, "n", n);
        }

        /** A dense one: {@code lda = k}, {@code ldb = ldc = n}. */
        public static Shape dense(int m, int n, int k) {
            return new Shape(m, n, k, k, n, n);
        }

        public long aFloats() {
            return AclChecks.span(m, lda, k);
        }

        public long bFloats() {
            return AclChecks.span(k, ldb, n);
        }

        public long cFloats() {
            return AclChecks.span(m, ldc, n);
        }

        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }

    private final Shape shape;
    private final MemorySegment b, bias; // kept here so that an automatic arena cannot free them under ACL
    private final boolean relu;
    private final String name;
    private final NativeHandle handle;
    // The segments of the last arrays run on (guarded by this): a heap segment is a small object per call otherwise.
    private float[] lastA, lastC;
    private int lastAOffset, lastCOffset;
    private MemorySegment lastASegment, lastCSegment;

    private AclGemmHandle(Shape shape, MemorySegment b, MemorySegment bias, boolean relu, MemorySegment address) {
        this.shape = shape;
        this.b = b;
        this.bias = bias;
        this.relu = relu;
        this.name = "AclGemmHandle(" + shape + (bias != null ? ", bias" : "") + (relu ? ", relu" : "") + ")";
        this.handle = new NativeHandle(this, address, shufflenet_acl_h::shufflenet_acl_gemm_destroy);
    }

    /**
     * Configures a GEMM (ACL validates it first).
     *
     * @param b    k x n weights with row stride {@code shape.ldb()}, native memory kept alive until {@link #close()}
     * @param bias n floats of native memory, or null
     * @throws IllegalArgumentException for a segment that is too small, on the heap or misaligned
     * @throws IllegalStateException    when the shim is not loaded ({@link AclLibrary#status()} says why)
     * @throws AclException             when ACL refuses the configuration
     */
    public static AclGemmHandle create(Shape shape, MemorySegment b, MemorySegment bias, boolean relu) {
        if (shape == null) throw new IllegalArgumentException("AclGemmHandle: shape is null");
        AclChecks.segment("AclGemmHandle", "B", b, shape.bFloats(), true);
        if (bias != null) AclChecks.segment("AclGemmHandle", "bias", bias, shape.n(), true);
        AclLibrary.require();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int code = shufflenet_acl_h.shufflenet_acl_gemm_create(shape.m(), shape.n(), shape.k(), shape.lda(),
                    shape.ldb(), shape.ldc(), b, bias == null ? MemorySegment.NULL : bias,
                    relu ? shufflenet_acl_h.SHUFFLENET_ACL_RELU() : 0, out);
            AclException.check("shufflenet_acl_gemm_create", code);
            return new AclGemmHandle(shape, b, bias, relu, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** Computes C from A; {@code a} holds A from {@code aOffset}, {@code c} receives C from {@code cOffset}. */
    public void run(float[] a, int aOffset, float[] c, int cOffset) {
        AclChecks.array(name, "A", a, aOffset, shape.m, shape.lda, shape.k);
        AclChecks.array(name, "C", c, cOffset, shape.m, shape.ldc, shape.n);
        AclChecks.disjoint(name, "A", a, aOffset, shape.m, shape.lda, shape.k,
                "C", c, cOffset, shape.m, shape.ldc, shape.n);
        synchronized (this) {
            // The runtime calls a handle with the same arrays and offsets every time: reuse their segments, so that
            // a warm run allocates nothing.
            if (a != lastA || aOffset != lastAOffset) {
                lastASegment = slice(a, aOffset);
                lastA = a;
                lastAOffset = aOffset;
            }
            if (c != lastC || cOffset != lastCOffset) {
                lastCSegment = slice(c, cOffset);
                lastC = c;
                lastCOffset = cOffset;
            }
            call(lastASegment, lastCSegment);
        }
    }

    /** Computes C from A given as segments (native or heap) that start at their first element. */
    public void run(MemorySegment a, MemorySegment c) {
        AclChecks.segment(name, "A", a, shape.aFloats(), false);
        AclChecks.segment(name, "C", c, shape.cFloats(), false);
        if (c.isReadOnly()) throw new IllegalArgumentException(name + ": C segment is read-only");
        call(a, c);
    }

    private void call(MemorySegment a, MemorySegment c) {
        Object pool = AclLibrary.runLock();
        synchronized (this) {
            MemorySegment h = handle.address(name);
            if (!b.scope().isAlive() || (bias != null && !bias.scope().isAlive()))
                throw new IllegalStateException(name + ": the weights' arena was closed before the handle");
            if (pool == null) {
                AclException.check("shufflenet_acl_gemm_run", shufflenet_acl_h.shufflenet_acl_gemm_run(h, a, c));
            } else {
                synchronized (pool) {
                    AclException.check("shufflenet_acl_gemm_run", shufflenet_acl_h.shufflenet_acl_gemm_run(h, a, c));
                }
            }
        }
    }

    static MemorySegment slice(float[] array, int offset) {
        return MemorySegment.ofArray(array).asSlice(offset * ValueLayout.JAVA_FLOAT.byteSize());
    }

    public Shape shape() {
        return shape;
    }

    public boolean relu() {
        return relu;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** Frees the ACL objects (not B or the bias, which the caller owns); idempotent. */
    @Override
    public synchronized void close() {
        handle.close();
        lastA = lastC = null;
        lastASegment = lastCSegment = null;
    }

    @Override
    public String toString() {
        return name + (handle.isOpen() ? "" : " (closed)");
    }
}
