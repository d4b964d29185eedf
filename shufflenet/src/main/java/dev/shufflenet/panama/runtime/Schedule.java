package dev.shufflenet.panama.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one batch size runs on a team of {@code P} participants when the batch is too small to give each its
 * own images: the steps grouped into segments, each segment one parallel region (or run by the caller
 * alone), and per step the range of work units each participant runs.
 *
 * <p>A region's end is the only barrier. Consecutive steps share a region when no participant needs what
 * another wrote in it:
 * <ul>
 *   <li>a PIXEL step whose inputs were written in the region reads exactly the pixels the same participant
 *       wrote, so it takes its producers' pixel ranges (1x1 conv -> shuffle -> 1x1 conv ... chain freely);</li>
 *   <li>a ROW step (3x3 conv, pool) reads its neighbours' rows, and an IMAGE step whole images: either
 *       starts a new region if it reads anything written in the current one;</li>
 *   <li>a step that writes memory some other buffer of the region occupies (the memory planner lets buffers
 *       with disjoint lifetimes share bytes, but inside a region the participants are not in step) starts a
 *       new region too, as does one that touches a buffer of the region with other ranges.</li>
 * </ul>
 * A step that must start a region is split only if each participant gets at least {@code minCost}
 * multiply-add equivalents ({@link StepCost}); otherwise the caller runs it alone, and the workers
 * keep spinning. MLAS uses the same kind of threshold (about 64K multiply-adds per thread).
 *
 * <p>A region is cut into up to {@code tilesPerParticipant} tiles per participant, which the team hands out
 * through its atomic counter: a participant whose core is busy with other work takes fewer tiles, instead
 * of holding everyone at the barrier with its fixed half. A tile is one range of every step of its region
 * (the steps that join a region inherit its tile boundaries), so barrier elision does not depend on which
 * thread runs which tile. Tiles stay above {@link #MIN_TILE_COST}, and pixel ranges start on multiples of
 * {@link #PIXEL_ALIGN} so the GEMM's 6-row register tiles are cut only at a range's end.
 */
final class Schedule {
    /** Index of the first step of each segment, then the step count. */
    final int[] segmentStarts;
    /** Whether each segment runs on the team (true) or on the caller alone (false). */
    final boolean[] parallel;
    /** Per step: its region's tiles + 1 unit boundaries (tile t runs [b[t], b[t+1])); null for caller-only steps. */
    final int[][] bounds;
    /** Per segment: the tiles its region is cut into (0 for caller-only segments). */
    final int[] tiles;
    final int participants;

    /**
     * Least work per tile (multiply-add equivalents): a tile hand-out is one atomic increment (tens of
     * nanoseconds), 16K multiply-adds take a few hundred, so a tile this size costs at most a few percent.
     */
    static final long MIN_TILE_COST = 16 * 1024;
    /** Pixel ranges start at multiples of the GEMM's register tile height (6 rows on every target). */
    static final int PIXEL_ALIGN = 6;

    private Schedule(int[] segmentStarts, boolean[] parallel, int[][] bounds, int[] tiles, int participants) {
        this.segmentStarts = segmentStarts;
        this.parallel = parallel;
        this.bounds = bounds;
        this.tiles = tiles;
        this.participants = participants;
    }

    int segments() { return parallel.length; }

    /** Regions the team runs per call: the barriers one inference pays. */
    int parallelSegments() {
        int n = 0;
        for (boolean p : parallel) if (p) n++;
        return n;
    }

    /** One tile per participant: a fixed range each, as before tiles (for comparison and tests). */
    static Schedule plan(List<Step> steps, int batch, int participants, long minCost) {
        return plan(steps, batch, participants, minCost, 1);
    }

    static Schedule plan(List<Step> steps, int batch, int participants, long minCost, int tilesPerParticipant) {
        if (tilesPerParticipant < 1)
            throw new IllegalArgumentException("tilesPerParticipant must be >= 1, found " + tilesPerParticipant);
        int n = steps.size();
        int[][] bounds = new int[n][];
        List<Integer> starts = new ArrayList<>();
        List<Boolean> kinds = new ArrayList<>();
        List<Integer> tileCounts = new ArrayList<>();
        Region region = new Region();
        boolean open = false; // a parallel region is open
        boolean serialOpen = false;
        for (int i = 0; i < n; i++) {
            Step s = steps.get(i);
            int units = s.units(batch);
            int[] joined = open ? region.tryJoin(s, units, tileCounts.getLast()) : null;
            if (joined != null) {
                bounds[i] = joined;
                region.record(s, joined);
                continue;
            }
            long cost = StepCost.total(s, batch);
            int parts = Math.min(participants, units);
            region.clear();
            if (parts > 1 && cost / parts >= minCost) {
                int tiles = tileCount(units, cost, participants, tilesPerParticipant);
                int[] b = split(s, units, tiles);
                bounds[i] = b;
                starts.add(i);
                kinds.add(true);
                tileCounts.add(tiles);
                region.record(s, b);
                open = true;
                serialOpen = false;
            } else {
                if (!serialOpen) {
                    starts.add(i);
                    kinds.add(false);
                    tileCounts.add(0);
                }
                serialOpen = true;
                open = false;
            }
        }
        int[] segmentStarts = new int[starts.size() + 1];
        boolean[] parallel = new boolean[kinds.size()];
        int[] tiles = new int[kinds.size()];
        for (int k = 0; k < starts.size(); k++) {
            segmentStarts[k] = starts.get(k);
            parallel[k] = kinds.get(k);
            tiles[k] = tileCounts.get(k);
        }
        segmentStarts[starts.size()] = n;
        return new Schedule(segmentStarts, parallel, bounds, tiles, participants);
    }

    /** Tiles for a region opened by a step of {@code units} units costing {@code cost}: at least one each. */
    private static int tileCount(int units, long cost, int participants, int perParticipant) {
        long wanted = Math.min((long) participants * perParticipant, cost / MIN_TILE_COST);
        return (int) Math.max(participants, Math.min(units, wanted));
    }

    /** The first step's ranges: even, with pixel ranges aligned to the GEMM tile where that keeps them even. */
    private static int[] split(Step s, int units, int tiles) {
        if (s.unit() == Step.Unit.PIXELS && units >= (long) tiles * PIXEL_ALIGN * 4) return alignedSplit(units, tiles);
        return evenSplit(units, tiles);
    }

    /** What the open parallel region has touched, and with which pixel ranges. */
    private static final class Region {
        /** Buffers written in the region -> the pixel boundaries they were written with. */
        final Map<Buffer, long[]> written = new HashMap<>();
        /** Buffers only read in the region -> the pixel boundaries read, or SPREAD (rows or images read). */
        final Map<Buffer, long[]> read = new HashMap<>();

        void clear() {
            written.clear();
            read.clear();
        }

        /** The step's unit boundaries if it can run in this region of {@code tiles} tiles without a barrier, else null. */
        int[] tryJoin(Step s, int units, int tiles) {
            boolean pixelStep = s.unit() == Step.Unit.PIXELS;
            long[] inherited = null;
            for (TensorView rv : s.reads()) {
                long[] pb = written.get(rv.buffer());
                if (pb == null) continue;
                if (!pixelStep) return null; // it reads other participants' rows, images or channels
                if (inherited != null && !Arrays.equals(inherited, pb)) return null;
                inherited = pb;
            }
            int[] b;
            if (inherited != null) {
                if (inherited.length != tiles + 1 || inherited[tiles] != units) return null;
                b = new int[tiles + 1];
                for (int t = 0; t <= tiles; t++) b[t] = (int) inherited[t];
            } else {
                b = split(s, units, tiles);
            }
            long[] mine = writtenBounds(s, b);
            for (TensorView wv : s.writes()) {
                Buffer w = wv.buffer();
                long[] pw = written.get(w);
                if (pw != null && (mine == SPREAD || !Arrays.equals(pw, mine))) return null;
                long[] pr = read.get(w);
                if (pr != null && (mine == SPREAD || pr == SPREAD || !Arrays.equals(pr, mine))) return null;
                for (Buffer other : written.keySet()) if (other != w && overlaps(other, w)) return null;
                for (Buffer other : read.keySet()) if (other != w && overlaps(other, w)) return null;
            }
            return b;
        }

        void record(Step s, int[] b) {
            long[] pixels = writtenBounds(s, b);
            for (TensorView rv : s.reads()) {
                Buffer r = rv.buffer();
                if (written.containsKey(r)) continue;
                long[] mine = s.unit() == Step.Unit.PIXELS ? pixels : SPREAD;
                long[] before = read.get(r);
                read.put(r, before == null || Arrays.equals(before, mine) ? mine : SPREAD);
            }
            for (TensorView wv : s.writes()) written.put(wv.buffer(), pixels);
        }

        /** The pixel boundaries each participant writes, or SPREAD when a unit writes every pixel. */
        private static long[] writtenBounds(Step s, int[] b) {
            return s.unit() == Step.Unit.OUTPUT_CHANNELS ? SPREAD : pixelBounds(s, b);
        }
    }

    /** Marks a buffer read beyond each participant's own pixels; equal to no partition. */
    private static final long[] SPREAD = {-1};

    private static long[] pixelBounds(Step s, int[] b) {
        long[] out = new long[b.length];
        for (int t = 0; t < b.length; t++) out[t] = (long) b[t] * StepCost.pixelsPerUnit(s);
        return out;
    }

    private static boolean overlaps(Buffer a, Buffer b) {
        long a0 = a.offsetPerImage(), a1 = a0 + a.floatsPerImage();
        long b0 = b.offsetPerImage(), b1 = b0 + b.floatsPerImage();
        return a0 < b1 && b0 < a1;
    }

    /**
     * Units cut into {@code parts} contiguous ranges whose inner boundaries are multiples of
     * {@link #PIXEL_ALIGN}; sizes differ by at most one alignment step (the caller keeps ranges at least four
     * steps long, so that is at most a quarter).
     */
    static int[] alignedSplit(int units, int parts) {
        int blocks = (units + PIXEL_ALIGN - 1) / PIXEL_ALIGN;
        int[] b = new int[parts + 1];
        for (int t = 0; t < parts; t++) b[t] = (int) Math.min(units, (long) blocks * t / parts * PIXEL_ALIGN);
        b[parts] = units;
        return b;
    }

    /** Units cut into {@code parts} contiguous ranges whose sizes differ by at most one. */
    static int[] evenSplit(int units, int parts) {
        int[] b = new int[parts + 1];
        for (int t = 0; t <= parts; t++) b[t] = (int) ((long) units * t / parts);
        return b;
    }
}
