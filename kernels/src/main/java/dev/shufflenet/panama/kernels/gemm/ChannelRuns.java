package dev.shufflenet.panama.kernels.gemm;

import java.util.Arrays;

/**
 * Where a 1x1 convolution reads its K input channels in each input pixel: runs of consecutive channels,
 * read one after another, so GEMM column t is the t-th channel of the concatenated runs. One run
 * {@code [0, K)} is the plain GEMM.
 *
 * <p>Why. A channel shuffle before a 1x1 conv is only a different order of the channels the conv reads.
 * ShuffleNet v1's shuffle sits between the first grouped 1x1 conv and the depthwise conv; moving it past
 * the depthwise conv (which works per channel: its weights are permuted instead) puts it right before
 * the second grouped 1x1 conv, whose micro-kernels read each input value as a scalar broadcast. Reading
 * through a column-to-channel index then costs one int load per column per tile (measured level with a
 * plain GEMM; see {@code PointwiseTiles6xN}), and the shuffle pass disappears: for g groups of
 * {@code C/g} channels, the C/g channels of one conv group come from g runs, one per shuffle group
 * ({@link #sortedFrom} builds them).
 *
 * <p>Immutable; instances can be shared by threads.
 */
public final class ChannelRuns {
    private final int[] pairs;
    private final int channels;
    private final int end;
    /** The channel of each column, flattened from the runs: what the micro-kernels read through. */
    private final int[] columnChannels;

    private ChannelRuns(int[] pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0)
            throw new IllegalArgumentException("channel runs: expected a non-empty list of (start, length) pairs,"
                    + " found " + pairs.length + " numbers");
        long total = 0, last = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            int start = pairs[i], length = pairs[i + 1];
            if (start < 0 || length <= 0)
                throw new IllegalArgumentException("channel runs: run " + i / 2 + " is [" + start + ", +" + length
                        + "); starts must be >= 0 and lengths > 0");
            total += length;
            last = Math.max(last, (long) start + length);
        }
        if (last > Integer.MAX_VALUE)
            throw new IllegalArgumentException("channel runs: they end past channel " + Integer.MAX_VALUE);
        this.pairs = pairs;
        this.channels = (int) total;
        this.end = (int) last;
        this.columnChannels = new int[channels];
        for (int i = 0, t = 0; i < pairs.length; i += 2)
            for (int j = 0; j < pairs[i + 1]; j++) columnChannels[t++] = pairs[i] + j;
    }

    /** Channels [0, k): a plain GEMM's input. */
    public static ChannelRuns contiguous(int k) {
        return new ChannelRuns(new int[] {0, k});
    }

    /** Runs given as start, length, start, length, ... */
    public static ChannelRuns of(int... startLengthPairs) {
        return new ChannelRuns(startLengthPairs.clone());
    }

    /**
     * Runs that read the given channel positions in increasing order, merging neighbours; with the order
     * in which the caller must arrange its GEMM columns (its weight columns) to match.
     *
     * @param positions position of column c's channel in the input pixel, for c = 0..K-1; distinct, >= 0
     */
    public static Sorted sortedFrom(int[] positions) {
        if (positions.length == 0) throw new IllegalArgumentException("channel runs: no positions");
        Integer[] order = new Integer[positions.length];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> Integer.compare(positions[a], positions[b]));
        int[] pairs = new int[2 * positions.length];
        int n = 0;
        for (int t = 0; t < order.length; t++) {
            int p = positions[order[t]];
            if (p < 0) throw new IllegalArgumentException("channel runs: column " + order[t] + " is at channel " + p);
            if (t > 0 && p == positions[order[t - 1]])
                throw new IllegalArgumentException("channel runs: columns " + order[t - 1] + " and " + order[t]
                        + " both read channel " + p);
            if (n > 0 && pairs[n - 2] + pairs[n - 1] == p) {
                pairs[n - 1]++;
            } else {
                pairs[n++] = p;
                pairs[n++] = 1;
            }
        }
        int[] columns = new int[order.length];
        for (int t = 0; t < columns.length; t++) columns[t] = order[t];
        return new Sorted(new ChannelRuns(Arrays.copyOf(pairs, n)), columns);
    }

    /**
     * Runs in increasing channel order, and {@code columnOrder[t]}: the caller's column read t-th.
     */
    public record Sorted(ChannelRuns runs, int[] columnOrder) {
        /** Reorders the columns of a [rows][K] row-major matrix into the order the runs read them. */
        public float[] reorderColumns(float[] matrix, int rows) {
            int k = columnOrder.length;
            if (matrix.length != (long) rows * k)
                throw new IllegalArgumentException("channel runs: a " + rows + " x " + k + " matrix has "
                        + (long) rows * k + " values, found " + matrix.length);
            float[] out = new float[matrix.length];
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < k; t++) out[r * k + t] = matrix[r * k + columnOrder[t]];
            return out;
        }
    }

    /** (start, length) pairs; a copy. */
    public int[] pairs() { return pairs.clone(); }

    /** Column t's channel, for t = 0..K-1: the array the micro-kernels read through; not to be modified. */
    int[] columnChannelsUnsafe() { return columnChannels; }

    public int runCount() { return pairs.length / 2; }

    /** First channel of run i. */
    public int start(int run) { return pairs[2 * run]; }

    /** Channels in run i. */
    public int length(int run) { return pairs[2 * run + 1]; }

    /** K: channels read per pixel. */
    public int channels() { return channels; }

    /** One past the highest channel read: the input view must have at least this many channels. */
    public int end() { return end; }

    public boolean isContiguousFromZero() { return pairs.length == 2 && pairs[0] == 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelRuns r && Arrays.equals(pairs, r.pairs);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(pairs); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) b.append(", ");
            b.append(pairs[i]).append("..").append(pairs[i] + pairs[i + 1] - 1);
        }
        return b.append(']').toString();
    }
}
