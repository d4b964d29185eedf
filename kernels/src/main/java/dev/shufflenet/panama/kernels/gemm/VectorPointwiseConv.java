package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.Checks;
import dev.shufflenet.panama.kernels.VectorConfig;
import dev.shufflenet.panama.kernels.config.TargetConfigs;

import java.util.List;

/**
 * Vector API 1x1 convolution over NHWC views: out[p][m] = act(bias[m] + sum_k in[p][k] * w[m][k]),
 * vectorized along output channels m, register-blocked 6 pixels x {@code mainVectors} vectors: 4 where
 * the target has 32 vector registers, 2 where it has 16 ({@link TargetConfigs}, with the numbers).
 *
 * <p>How. {@link ChannelBlockedWeights} splits the output channels into groups of {@code mainVectors}
 * vectors (then the powers of two below for the rest; a layer of exactly three vectors is one group of 3 where
 * {@link #THREE_VECTOR_GROUP} holds), each stored as a bias row and K rows of vectors,
 * zero padded. For each group, for each tile of 6 pixels, {@link PointwiseTiles6xN} keeps 6 x width
 * accumulators in registers, started from the bias; per input channel k it loads the group's weight
 * vectors and broadcasts each pixel's in[p][k] (6 x 4: 10 loads per 24 FMAs). The last vector's store is
 * masked, so channels past outChannels (another slice of a wider tensor) are never written. Up to 4
 * leftover pixels go to the 2-pixel kernels of {@link PointwiseTiles2xN}; 5 go to a 6-pixel tile whose
 * last row repeats. Relu is a compare and blend with the floor 0 (NaN stays NaN, -0.0 stays -0.0, as in
 * {@link ScalarPointwiseConv}); the minmax variant (ReLU6) adds a compare and blend with the ceiling,
 * behind one branch per tile that the ReLU path does not take. Speeds: {@code PointwiseConvBenchmark} and docs/measurements.md.
 *
 * <p>Contract. Threads may run disjoint pixel ranges of one call at once on the same packed weights
 * (nothing is shared but read-only weights). Input and output must not overlap: groups after the first
 * read every input pixel again after earlier groups wrote their outputs.
 *
 * <p>JIT. Until C2 compiles the micro-kernels they run about 1000x slower; {@link #warmUp} compiles them
 * on a tiny problem so a model's first call does not pay that (about 1-3 s at start-up on 2 cores).
 */
public final class VectorPointwiseConv implements PointwiseConvKernel {
    private static final int LANES = VectorConfig.LANES;
    /** Pixels per big tile: the 6 of {@link PointwiseTiles6xN}. */
    private static final int ROWS = 6;
    /** Pixels per band of {@link #runGroupsAddRelu}, a multiple of ROWS (why 48: {@link #residualBand}). */
    private static final int RESIDUAL_BAND = 48;
    /** All groups' packed weights up to this many floats (256 KB) are read again for every band, from L2. */
    private static final long BANDED_WEIGHT_FLOATS = 64 * 1024;
    /**
     * Whether a layer of exactly three vectors (17 to 24 channels at 8 lanes) is one 3-vector group, one pass of
     * 6 x 3 tiles, rather than 2 + 1 vectors in two passes: where these vectors are narrower than the CPU's widest,
     * as the half-width twin's are beside a 512-bit set. Its point there is fewer lanes computed: 20 channels are 32
     * lanes at 16 and 24 at 8, but at 8 only in one pass does that pay (docs/measurements.md, session 17). At the
     * CPU's own width the two layouts measured level (session 11), and this stays 2 + 1.
     */
    public static final boolean THREE_VECTOR_GROUP = VectorConfig.BITS < VectorConfig.PREFERRED_BITS;
    /** The group widths the packing makes, so the micro-kernels {@link #warmUp} compiles. */
    private static final int[] TILE_WIDTHS = THREE_VECTOR_GROUP ? new int[] {1, 2, 3, 4} : new int[] {1, 2, 4};
    /** The target's main tile width in vectors, read once (see {@link TargetConfigs}). */
    private static final int TARGET_MAIN_VECTORS = TargetConfigs.current().gemm().mainVectors();

    private final int mainVectors;
    private final String name;
    private final String addReluName;
    private final String minmaxName;

    /** The kernel with the target's main tile. */
    public VectorPointwiseConv() {
        this(TARGET_MAIN_VECTORS);
    }

    /**
     * The kernel with a main tile of 6 pixels x {@code mainVectors} (4 or 2) vectors, for benchmarks and
     * tests that compare tiles. Only packing and the name depend on it: the micro-kernel is picked per
     * group from the packed group widths, so C2 sees the same constant-species code either way.
     */
    public VectorPointwiseConv(int mainVectors) {
        this.mainVectors = mainVectors;
        this.name = name(mainVectors);
        this.addReluName = addReluName(mainVectors);
        this.minmaxName = minmaxName(mainVectors);
    }

    /** Every main tile this kernel has, the target's first. */
    public static List<VectorPointwiseConv> tiles() {
        return TARGET_MAIN_VECTORS == 4 ? List.of(new VectorPointwiseConv(4), new VectorPointwiseConv(2))
                : List.of(new VectorPointwiseConv(2), new VectorPointwiseConv(4));
    }

    /** One literal per tile and width, so that a printed name leads here by grep. */
    private static String name(int mainVectors) {
        return switch (mainVectors) {
            case 4 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x4v-relu-vector64";
                case 128 -> "f32-gemm-6x4v-relu-vector128";
                case 256 -> "f32-gemm-6x4v-relu-vector256";
                case 512 -> "f32-gemm-6x4v-relu-vector512";
                default -> "f32-gemm-6x4v-relu-" + VectorConfig.setName();
            };
            case 2 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x2v-relu-vector64";
                case 128 -> "f32-gemm-6x2v-relu-vector128";
                case 256 -> "f32-gemm-6x2v-relu-vector256";
                case 512 -> "f32-gemm-6x2v-relu-vector512";
                default -> "f32-gemm-6x2v-relu-" + VectorConfig.setName();
            };
            default -> throw new IllegalArgumentException("VectorPointwiseConv has main tiles of 4 and 2 vectors;"
                    + " asked for " + mainVectors);
        };
    }

    /** The names with the residual add + ReLU epilogue ({@link PointwiseTilesAddRelu}), one literal each. */
    private static String addReluName(int mainVectors) {
        return switch (mainVectors) {
            case 4 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x4v-addrelu-vector64";
                case 128 -> "f32-gemm-6x4v-addrelu-vector128";
                case 256 -> "f32-gemm-6x4v-addrelu-vector256";
                case 512 -> "f32-gemm-6x4v-addrelu-vector512";
                default -> "f32-gemm-6x4v-addrelu-" + VectorConfig.setName();
            };
            case 2 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x2v-addrelu-vector64";
                case 128 -> "f32-gemm-6x2v-addrelu-vector128";
                case 256 -> "f32-gemm-6x2v-addrelu-vector256";
                case 512 -> "f32-gemm-6x2v-addrelu-vector512";
                default -> "f32-gemm-6x2v-addrelu-" + VectorConfig.setName();
            };
            default -> throw new IllegalArgumentException("VectorPointwiseConv has main tiles of 4 and 2 vectors;"
                    + " asked for " + mainVectors);
        };
    }

    /** The minmax variant's name (the same tiles clamping to [min, max]): one literal per tile and width. */
    private static String minmaxName(int mainVectors) {
        return switch (mainVectors) {
            case 4 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x4v-minmax-vector64";
                case 128 -> "f32-gemm-6x4v-minmax-vector128";
                case 256 -> "f32-gemm-6x4v-minmax-vector256";
                case 512 -> "f32-gemm-6x4v-minmax-vector512";
                default -> "f32-gemm-6x4v-minmax-" + VectorConfig.setName();
            };
            case 2 -> switch (VectorConfig.BITS) {
                case 64 -> "f32-gemm-6x2v-minmax-vector64";
                case 128 -> "f32-gemm-6x2v-minmax-vector128";
                case 256 -> "f32-gemm-6x2v-minmax-vector256";
                case 512 -> "f32-gemm-6x2v-minmax-vector512";
                default -> "f32-gemm-6x2v-minmax-" + VectorConfig.setName();
            };
            default -> throw new IllegalArgumentException("VectorPointwiseConv has main tiles of 4 and 2 vectors;"
                    + " asked for " + mainVectors);
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean addsResidual() {
        return true;
    }

    @Override
    public String addReluName() {
        return addReluName;
    }

    @Override
    public String minmaxName() {
        return minmaxName;
    }

    /** Vectors per main weight group: 4 or 2. */
    public int mainVectors() {
        return mainVectors;
    }

    /**
     * Runs every micro-kernel, then {@link #run}, on tiny problems until C2 has compiled them, so that
     * the first real calls do not run interpreted. Optional: without it the first calls of a model are
     * slow instead (seconds, not milliseconds).
     *
     * <p>Why: until C2 compiles them, Vector API methods run about 1000x slower (every operation
     * allocates), and C2 compiles a method only after about 600 calls whose calls plus loop iterations
     * pass 15000; compiling the nine micro-kernels then takes C2 about 2-3 s of CPU. So each micro-kernel
     * gets 1000 calls with 24 input channels (past both thresholds), then more until a round of all nine
     * takes under 100 us, which happens only when all are compiled (about 2 us then; over 300 us with
     * one still interpreted), giving up after {@code maxMillis}. The calls vary everything C2's profile
     * would otherwise take as fixed and deoptimize on later: full and partial tiles, full and partial
     * store masks, masked stores inside the array and past its end (allowed when the masked-off lanes
     * are the ones past it), relu on and off, the minmax clamp on and off. Then 5000 calls of {@link #run} on a problem of one input
     * channel (and as many reading two channels through runs), with every pixel remainder and group
     * width, get the driver loops compiled too (until then it adds about 1 us per tile). About 1-2 s in
     * all on an idle core.
     *
     * @return whether the micro-kernels ran at compiled speed before the deadline
     */
    @Override
    public boolean warmUp(long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        boolean compiled = warmUpTiles(deadline);
        int m = 7 * LANES - 1; // groups of every width, the last one partial
        PackedWeights w = pack(new float[m], null, m, 1), w2 = pack(new float[2 * m], null, m, 2);
        ChannelRuns swapped = ChannelRuns.of(1, 1, 0, 1);
        float[] in = new float[22], out = new float[11 * m], res = new float[11 * m];
        PackedWeights[] pair = {w, w}, pair2 = {w2, w2};
        ChannelRuns[] swaps = {swapped, swapped};
        float[] out2 = new float[22 * m], res2 = new float[22 * m], in2 = new float[44];
        // A layer of exactly three vectors, where that is one group (THREE_VECTOR_GROUP); else 2 + 1 again.
        int m3 = 3 * LANES - 1;
        PackedWeights w3 = pack(new float[m3], null, m3, 1);
        for (int call = 0; call < 5000 && System.nanoTime() - deadline < 0; call++) {
            runGroupsAddRelu(pair, null, in, 0, 2, res2, 0, 2 * m, out2, 0, 2 * m, 0, 6 + call % 6);
            runGroupsAddRelu(pair2, swaps, in2, 0, 4, res2, 0, 2 * m, out2, 0, 2 * m, 0, 6 + call % 6);
            run(w, in, 0, 1, out, 0, m, 0, 6 + call % 6, (call & 1) == 0);
            run(w2, swapped, in, 0, 2, out, 0, m, 0, 6 + call % 6, (call & 1) == 0);
            run(w3, in, 0, 1, out, 0, m3, 0, 6 + call % 6, (call & 1) == 0);
            runAddRelu(w, in, 0, 1, res, 0, m, out, 0, m, 0, 6 + call % 6);
            runAddRelu(w2, swapped, in, 0, 2, res, 0, m, out, 0, m, 0, 6 + call % 6);
            if (call % 4 == 3) {
                run(w, in, 0, 1, out, 0, m, 0, 6 + call % 6, 0f, 6f);
                run(w2, swapped, in, 0, 2, out, 0, m, 0, 6 + call % 6, 0f, 6f);
            }
        }
        return compiled;
    }

    /** Every micro-kernel, 4 vectors wide included: another instance (a benchmark's tile) may use it. */
    private static boolean warmUpTiles(long deadline) {
        int k = 24, width = 4 * LANES;
        float[] w = new float[(1 + k) * width], in = new float[ROWS * k], out = new float[ROWS * width];
        float[] res = new float[ROWS * width];
        int[] shuffled = ChannelRuns.of(16, 8, 0, 8, 8, 8).columnChannelsUnsafe(); // a 3-group shuffle's read
        for (int call = 0; ; call++) {
            long before = System.nanoTime();
            boolean partial = (call & 1) == 1, pastEnd = partial && (call & 2) == 0;
            float floor = (call & 4) == 0 ? 0f : Float.NEGATIVE_INFINITY;
            float ceiling = (call & 8) == 0 ? Float.POSITIVE_INFINITY : 6f; // ReLU and minmax (ReLU6) epilogues
            int lastLanes = partial ? LANES - 1 : LANES;
            for (int vectors : TILE_WIDTHS) {
                for (int tileRows : new int[] {ROWS, 2}) {
                    int rows = call % 3 == 2 ? tileRows - 1 : tileRows;
                    // pastEnd: the partial last vector ends one lane past the end of out, that lane masked.
                    int o = pastEnd ? out.length + 1 - vectors * LANES - (rows - 1) * width : 0;
                    tile(tileRows, vectors, w, 0, k, in, 0, k, out, o, width, rows, lastLanes, floor, ceiling);
                    addReluTile(tileRows, vectors, w, 0, k, in, 0, k, res, o, width, out, o, width, rows, lastLanes);
                }
                int rows = call % 3 == 2 ? ROWS - 1 : ROWS;
                int o = pastEnd ? out.length + 1 - vectors * LANES - (rows - 1) * width : 0;
                indexedTile(vectors, w, 0, shuffled, in, 0, k, out, o, width, rows, lastLanes, floor, ceiling);
                indexedAddReluTile(vectors, w, 0, shuffled, in, 0, k, res, o, width, out, o, width, rows, lastLanes);
            }
            long after = System.nanoTime();
            if (call >= 1000 && after - before < 100_000) return true;
            if (after - deadline > 0) return false;
        }
    }

    @Override
    public PackedWeights pack(float[] weight, float[] bias, int outChannels, int inChannels) {
        return ChannelBlockedWeights.pack(name, weight, bias, outChannels, inChannels, LANES, mainVectors,
                THREE_VECTOR_GROUP);
    }

    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, boolean relu) {
        run(w, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /** The minmax variant ({@link #minmaxName()}); the ReLU and plain runs are this with max = +infinity. */
    @Override
    public void run(PackedWeights w, float[] in, int inOff, int inStride, float[] out, int outOff, int outStride,
                    int pixelBegin, int pixelEnd, float min, float max) {
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(name, w);
        int k = packed.inChannels;
        Checks.clampBounds(name, min, max);
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(name, "input", in, inOff, inStride, k, pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        runTiles(packed, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd, min, max);
    }

    @Override
    public boolean readsChannelRuns() {
        return true;
    }

    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, boolean relu) {
        run(w, runs, in, inOff, inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                relu ? 0f : Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /**
     * Columns read through the runs (a folded channel shuffle): one run is a plain GEMM on the shifted
     * view; several go to {@link PointwiseTiles6xNIndexed}, in 6-pixel tiles only.
     */
    @Override
    public void run(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] out, int outOff,
                    int outStride, int pixelBegin, int pixelEnd, float min, float max) {
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(name, w);
        Checks.clampBounds(name, min, max);
        Checks.range(name, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        ScalarPointwiseConv.checkRuns(name, runs, packed.inChannels);
        Checks.view(name, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(name, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        if (runs.runCount() == 1) {
            runTiles(packed, in, inOff + runs.start(0), inStride, out, outOff, outStride, pixelBegin, pixelEnd,
                    min, max);
            return;
        }
        runIndexedTiles(packed, runs.columnChannelsUnsafe(), in, inOff, inStride, out, outOff, outStride, pixelBegin,
                pixelEnd, min, max);
    }

    /** The indexed tiles (columns read through {@code channels}) over pixels of views already checked. */
    private static void runIndexedTiles(ChannelBlockedWeights packed, int[] channels, float[] in, int inOff,
                                        int inStride, float[] out, int outOff, int outStride, int pixelBegin,
                                        int pixelEnd, float floor, float ceiling) {
        float[] data = packed.data;
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int wOff = packed.groupOffset[g];
            int vectors = packed.groupVectors[g];
            int lastLanes = packed.lastLanes(g);
            int o = outOff + packed.groupChannel[g];
            for (int p = pixelBegin; p < pixelEnd; p += ROWS)
                indexedTile(vectors, data, wOff, channels, in, inOff + p * inStride, inStride, out, o + p * outStride,
                        outStride, Math.min(ROWS, pixelEnd - p), lastLanes, floor, ceiling);
        }
    }

    @Override
    public void runAddRelu(PackedWeights w, float[] in, int inOff, int inStride, float[] res, int resOff,
                           int resStride, float[] out, int outOff, int outStride, int pixelBegin, int pixelEnd) {
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(name, w); // packed by run's name: the same weights serve both
        Checks.range(addReluName, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        Checks.view(addReluName, "input", in, inOff, inStride, packed.inChannels, pixelEnd);
        Checks.view(addReluName, "residual", res, resOff, resStride, packed.outChannels, pixelEnd);
        Checks.view(addReluName, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        runAddReluTiles(packed, in, inOff, inStride, res, resOff, resStride, out, outOff, outStride, pixelBegin,
                pixelEnd);
    }

    /** As {@link #run(PackedWeights, ChannelRuns, float[], int, int, float[], int, int, int, int, boolean)}. */
    @Override
    public void runAddRelu(PackedWeights w, ChannelRuns runs, float[] in, int inOff, int inStride, float[] res,
                           int resOff, int resStride, float[] out, int outOff, int outStride, int pixelBegin,
                           int pixelEnd) {
        ChannelBlockedWeights packed = ChannelBlockedWeights.of(name, w); // packed by run's name: the same weights serve both
        Checks.range(addReluName, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        ScalarPointwiseConv.checkRuns(addReluName, runs, packed.inChannels);
        Checks.view(addReluName, "input", in, inOff, inStride, runs.end(), pixelEnd);
        Checks.view(addReluName, "residual", res, resOff, resStride, packed.outChannels, pixelEnd);
        Checks.view(addReluName, "output", out, outOff, outStride, packed.outChannels, pixelEnd);
        if (runs.runCount() == 1) {
            runAddReluTiles(packed, in, inOff + runs.start(0), inStride, res, resOff, resStride, out, outOff,
                    outStride, pixelBegin, pixelEnd);
            return;
        }
        int[] channels = runs.columnChannelsUnsafe();
        float[] data = packed.data;
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int wOff = packed.groupOffset[g];
            int vectors = packed.groupVectors[g];
            int lastLanes = packed.lastLanes(g);
            int ch = packed.groupChannel[g];
            for (int p = pixelBegin; p < pixelEnd; p += ROWS)
                indexedAddReluTile(vectors, data, wOff, channels, in, inOff + p * inStride, inStride,
                        res, resOff + ch + p * resStride, resStride, out, outOff + ch + p * outStride, outStride,
                        Math.min(ROWS, pixelEnd - p), lastLanes);
        }
    }

    /**
     * Pixel bands outside, groups inside: for each band of {@link #residualBand} pixels, every group's plain tiles
     * (no activation) into its output slice, then one add + ReLU over the band's whole output rows
     * ({@link PointwiseTilesAddRelu#addResidualRelu} over all groups' channels), read back from L1 and L2 while
     * they are there. The same bits as {@link #runAddRelu} per group.
     *
     * <p>Why not each group's own epilogue ({@link #runAddRelu}, per tile): with ShuffleNet v1's groups of 12 to
     * 80 output channels it adds the residual in slices of one to five vectors of each pixel row, and on v1-g8-1.0's
     * stage 2 it cost more than the GEMM itself; the band's rows are added as long runs of whole vectors
     * ({@code PointwiseAddReluBenchmark}: gemmAddRelu against groupsAddRelu; numbers in docs/measurements.md,
     * "Residual add + ReLU in pixel bands").
     */
    @Override
    public void runGroupsAddRelu(PackedWeights[] groups, ChannelRuns[] runs, float[] in, int inOff, int inStride,
                                 float[] res, int resOff, int resStride, float[] out, int outOff, int outStride,
                                 int pixelBegin, int pixelEnd) {
        GroupedAddRelu.check(addReluName, groups, runs);
        int m = groups[0].outChannels(), k = groups[0].inChannels();
        long channels = (long) groups.length * m, inChannels = (long) groups.length * k;
        if (channels > Integer.MAX_VALUE || inChannels > Integer.MAX_VALUE)
            throw new IllegalArgumentException(addReluName + ": " + groups.length + " groups of " + m + " x " + k
                    + " channels do not fit in one tensor (more than " + Integer.MAX_VALUE + " channels)");
        Checks.range(addReluName, "pixel", pixelBegin, pixelEnd, Integer.MAX_VALUE);
        long weightFloats = 0;
        for (int g = 0; g < groups.length; g++) {
            weightFloats += ChannelBlockedWeights.of(name, groups[g]).data.length;
            if (runs != null) {
                ScalarPointwiseConv.checkRuns(addReluName, runs[g], k);
                Checks.view(addReluName, "input", in, inOff, inStride, runs[g].end(), pixelEnd);
            }
        }
        if (runs == null) Checks.view(addReluName, "input", in, inOff, inStride, (int) inChannels, pixelEnd);
        Checks.view(addReluName, "residual", res, resOff, resStride, (int) channels, pixelEnd);
        Checks.view(addReluName, "output", out, outOff, outStride, (int) channels, pixelEnd);
        int band = bandPixels(weightFloats, pixelEnd - pixelBegin);
        int vectors = (int) ((channels + LANES - 1) / LANES), lastLanes = (int) (channels - (vectors - 1L) * LANES);
        for (int b = pixelBegin; b < pixelEnd; b += band) {
            int e = Math.min(pixelEnd - b, band) + b;
            for (int g = 0; g < groups.length; g++) {
                ChannelBlockedWeights packed = (ChannelBlockedWeights) groups[g];
                int o = outOff + g * m;
                if (runs == null)
                    runTiles(packed, in, inOff + g * k, inStride, out, o, outStride, b, e,
                            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
                else if (runs[g].runCount() == 1)
                    runTiles(packed, in, inOff + runs[g].start(0), inStride, out, o, outStride, b, e,
                            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
                else
                    runIndexedTiles(packed, runs[g].columnChannelsUnsafe(), in, inOff, inStride, out, o, outStride,
                            b, e, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
            }
            PointwiseTilesAddRelu.addResidualRelu(res, resOff + b * resStride, resStride, out, outOff + b * outStride,
                    outStride, e - b, vectors, lastLanes);
        }
    }

    /**
     * Pixels per band that {@link #runGroupsAddRelu} gives these groups over {@code pixels} pixels: 48, or all of
     * them where the groups' packed weights pass 256 KB. Every band reads all the weights again: from L2 that costs
     * a few percent at 48 pixels, from L3 (a layer of v1-g3-2.0's stage 4: 1.2 MB) about as much as it saves. 12 to
     * 96 pixels measured alike on v1's stage 2 and 3 shapes (docs/measurements.md).
     */
    public int residualBand(PackedWeights[] groups, int pixels) {
        GroupedAddRelu.check(addReluName, groups, null);
        long weightFloats = 0;
        for (PackedWeights g : groups) weightFloats += ChannelBlockedWeights.of(name, g).data.length;
        return bandPixels(weightFloats, pixels);
    }

    private static int bandPixels(long weightFloats, int pixels) {
        return weightFloats > BANDED_WEIGHT_FLOATS ? Math.max(pixels, 1) : RESIDUAL_BAND;
    }

    /** {@link #runTiles} with the residual epilogue; the same tiles over the same pixels. */
    private static void runAddReluTiles(ChannelBlockedWeights packed, float[] in, int inOff, int inStride,
                                        float[] res, int resOff, int resStride, float[] out, int outOff,
                                        int outStride, int pixelBegin, int pixelEnd) {
        int k = packed.inChannels;
        float[] data = packed.data;
        int rest = (pixelEnd - pixelBegin) % ROWS;
        int tilesEnd = rest != 0 && rest <= 4 ? pixelEnd - rest : pixelEnd;
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int wOff = packed.groupOffset[g];
            int vectors = packed.groupVectors[g];
            int lastLanes = packed.lastLanes(g);
            int ch = packed.groupChannel[g];
            for (int p = pixelBegin; p < tilesEnd; p += ROWS)
                addReluTile(ROWS, vectors, data, wOff, k, in, inOff + p * inStride, inStride,
                        res, resOff + ch + p * resStride, resStride, out, outOff + ch + p * outStride, outStride,
                        Math.min(ROWS, tilesEnd - p), lastLanes);
            for (int p = tilesEnd; p < pixelEnd; p += 2)
                addReluTile(2, vectors, data, wOff, k, in, inOff + p * inStride, inStride,
                        res, resOff + ch + p * resStride, resStride, out, outOff + ch + p * outStride, outStride,
                        Math.min(2, pixelEnd - p), lastLanes);
        }
    }

    /**
     * The plain tile with no activation, then the residual's add and ReLU over its pixels
     * ({@link PointwiseTilesAddRelu#addResidualRelu}). Fused into the 24-accumulator tile's epilogue, the add,
     * compare and blend took C2's parse past its inlining budget in about half of the JVM runs at 512 bits: JFR
     * showed {@code Float512Vector.blend}'s bridge method (javac's, for the covariant override, not
     * {@code @ForceInline}) compiled apart and every vector passed to it boxed, 0.7 to 6 MB per call
     * (docs/measurements.md). The second pass reads back from L1 what the tile just wrote; the bits are the same.
     */
    private static void addReluTile(int tileRows, int vectors, float[] w, int wOff, int k, float[] in, int a,
                                    int inStride, float[] res, int r, int resStride, float[] out, int c,
                                    int outStride, int rows, int lastLanes) {
        tile(tileRows, vectors, w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes,
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        PointwiseTilesAddRelu.addResidualRelu(res, r, resStride, out, c, outStride, rows, vectors, lastLanes);
    }

    private static void indexedAddReluTile(int vectors, float[] w, int wOff, int[] channels, float[] in, int a,
                                           int inStride, float[] res, int r, int resStride, float[] out, int c,
                                           int outStride, int rows, int lastLanes) {
        indexedTile(vectors, w, wOff, channels, in, a, inStride, out, c, outStride, rows, lastLanes,
                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
        PointwiseTilesAddRelu.addResidualRelu(res, r, resStride, out, c, outStride, rows, vectors, lastLanes);
    }

    /** The plain tiles over pixels [pixelBegin, pixelEnd) of views already checked. */
    private static void runTiles(ChannelBlockedWeights packed, float[] in, int inOff, int inStride, float[] out,
                                 int outOff, int outStride, int pixelBegin, int pixelEnd, float floor, float ceiling) {
        int k = packed.inChannels;
        float[] data = packed.data;
        // Up to 4 leftover pixels cost less in 2-pixel tiles than in a 6-pixel tile of repeated rows.
        int rest = (pixelEnd - pixelBegin) % ROWS;
        int tilesEnd = rest != 0 && rest <= 4 ? pixelEnd - rest : pixelEnd;
        // Groups outside, pixels inside: a group's weights (K x 4 vectors: 119 KB for K = 464 at 16 lanes) stay in L2
        // while every pixel passes, and a classifier's 4 MB of weights is read from memory once.
        for (int g = 0; g < packed.groupVectors.length; g++) {
            int wOff = packed.groupOffset[g];
            int vectors = packed.groupVectors[g];
            int lastLanes = packed.lastLanes(g);
            int o = outOff + packed.groupChannel[g];
            for (int p = pixelBegin; p < tilesEnd; p += ROWS)
                tile(ROWS, vectors, data, wOff, k, in, inOff + p * inStride, inStride, out, o + p * outStride,
                        outStride, Math.min(ROWS, tilesEnd - p), lastLanes, floor, ceiling);
            for (int p = tilesEnd; p < pixelEnd; p += 2)
                tile(2, vectors, data, wOff, k, in, inOff + p * inStride, inStride, out, o + p * outStride,
                        outStride, Math.min(2, pixelEnd - p), lastLanes, floor, ceiling);
        }
    }

    private static void indexedTile(int vectors, float[] w, int wOff, int[] channels, float[] in, int a, int inStride,
                                    float[] out, int c, int outStride, int rows, int lastLanes, float floor,
                                    float ceiling) {
        switch (vectors) {
            case 4 -> PointwiseTiles6xNIndexed.rows6x4(w, wOff, channels, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
            case 3 -> PointwiseTiles6xNIndexed.rows6x3(w, wOff, channels, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
            case 2 -> PointwiseTiles6xNIndexed.rows6x2(w, wOff, channels, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
            default -> PointwiseTiles6xNIndexed.rows6x1(w, wOff, channels, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
        }
    }

    /** One tile of {@code rows} pixels (at most tileRows, 6 or 2) by a group of 4, 3, 2 or 1 vectors. */
    private static void tile(int tileRows, int vectors, float[] w, int wOff, int k, float[] in, int a, int inStride,
                             float[] out, int c, int outStride, int rows, int lastLanes, float floor,
                             float ceiling) {
        if (tileRows == ROWS) {
            switch (vectors) {
                case 4 -> PointwiseTiles6xN.rows6x4(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                case 3 -> PointwiseTiles6xN.rows6x3(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                case 2 -> PointwiseTiles6xN.rows6x2(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                default -> PointwiseTiles6xN.rows6x1(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
            }
        } else {
            switch (vectors) {
                case 4 -> PointwiseTiles2xN.rows2x4(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                case 3 -> PointwiseTiles2xN.rows2x3(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                case 2 -> PointwiseTiles2xN.rows2x2(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
                default -> PointwiseTiles2xN.rows2x1(w, wOff, k, in, a, inStride, out, c, outStride, rows, lastLanes, floor, ceiling);
            }
        }
    }
}
