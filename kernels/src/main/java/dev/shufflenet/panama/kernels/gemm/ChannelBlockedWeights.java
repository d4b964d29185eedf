package dev.shufflenet.panama.kernels.gemm;

import dev.shufflenet.panama.kernels.ArrayAlignment;
import dev.shufflenet.panama.kernels.Checks;

/**
 * Weights of a vector 1x1 convolution, split along output channels into groups of whole vectors.
 *
 * <p>A group covers {@code vectors * lanes} consecutive output channels starting at {@code channel}. Its
 * block in {@link #data} starts at {@code offset} (the first one after {@link ArrayAlignment#padFloats()}
 * unused floats, which put the blocks on cache lines where the JVM aligns objects to them) and is
 * {@code 1 + inChannels} rows of {@code vectors *
 * lanes} floats: first the bias, then row k holding {@code w[m][k]} for the group's channels m. Channels
 * past outChannels are zeros, so every load is a full vector and only the final store needs a mask. A
 * micro-kernel thus reads one group as a contiguous stream, row after row.
 *
 * <p>Groups are {@code maxVectors} wide while enough vectors remain; the rest is split into powers of two
 * (for 4: 3 = 2 + 1), so a kernel needs micro-kernels of width maxVectors and the powers of two below it. With
 * {@code threeInOne}, a layer of exactly three vectors (and a main width of 4) is one group of 3 instead, one pass
 * over the pixels instead of two: the kernel then needs micro-kernels of 3 vectors too.
 * Immutable once packed, so threads can share it.
 */
public final class ChannelBlockedWeights implements PointwiseConvKernel.PackedWeights {
    final String packedBy;
    final int outChannels;
    final int inChannels;
    final int lanes;
    /** Per group: vectors wide, first output channel, offset of its bias row in {@link #data}. */
    final int[] groupVectors, groupChannel, groupOffset;
    final float[] data;

    private ChannelBlockedWeights(String packedBy, int outChannels, int inChannels, int lanes,
                                  int[] groupVectors, int[] groupChannel, int[] groupOffset, float[] data) {
        this.packedBy = packedBy;
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.lanes = lanes;
        this.groupVectors = groupVectors;
        this.groupChannel = groupChannel;
        this.groupOffset = groupOffset;
        this.data = data;
    }

    @Override
    public int outChannels() {
        return outChannels;
    }

    @Override
    public int inChannels() {
        return inChannels;
    }

    /** The weights as packed by {@code kernel}, or an exception naming who packed them. */
    static ChannelBlockedWeights of(String kernel, PointwiseConvKernel.PackedWeights w) {
        if (w instanceof ChannelBlockedWeights packed && packed.packedBy.equals(kernel)) return packed;
        String by = w instanceof ChannelBlockedWeights other ? other.packedBy
                : w == null ? "null" : w.getClass().getName();
        throw Checks.packedByAnother(kernel, by);
    }

    /** Channels of the last vector of a group that are real output channels (1..lanes). */
    int lastLanes(int group) {
        int end = groupChannel[group] + groupVectors[group] * lanes;
        return end <= outChannels ? lanes : lanes - (end - outChannels);
    }

    static ChannelBlockedWeights pack(String kernel, float[] weight, float[] bias, int outChannels, int inChannels,
                                      int lanes, int maxVectors, boolean threeInOne) {
        Checks.positive(kernel, "outChannels", outChannels);
        Checks.positive(kernel, "inChannels", inChannels);
        Checks.length(kernel, "weight", weight, (long) outChannels * inChannels);
        if (bias != null) Checks.length(kernel, "bias", bias, outChannels);

        int[] widths = groupWidths((outChannels + lanes - 1) / lanes, maxVectors, threeInOne);
        int[] channel = new int[widths.length], offset = new int[widths.length];
        long size = ArrayAlignment.padFloats(); // the groups start on cache lines where the JVM allows it
        int c = 0;
        for (int g = 0; g < widths.length; g++) {
            channel[g] = c;
            offset[g] = Math.toIntExact(size);
            c += widths[g] * lanes;
            size += (long) widths[g] * lanes * (1 + inChannels);
        }
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(kernel + ": packed weights need " + size
                    + " floats, more than a Java array holds");

        float[] data = new float[(int) size];
        for (int g = 0; g < widths.length; g++) {
            int width = widths[g] * lanes;
            int real = Math.min(width, outChannels - channel[g]);
            for (int j = 0; j < real; j++) {
                int m = channel[g] + j;
                if (bias != null) data[offset[g] + j] = bias[m];
                for (int k = 0; k < inChannels; k++)
                    data[offset[g] + (1 + k) * width + j] = weight[m * inChannels + k];
            }
        }
        return new ChannelBlockedWeights(kernel, outChannels, inChannels, lanes, widths, channel, offset, data);
    }

    /**
     * The passes over the pixels a GEMM of this layout makes for {@code channels} output channels: one per group of
     * vectors of {@code lanes} ({@link #groupWidths}), each reading every input pixel again.
     */
    public static int passes(int channels, int lanes, int maxVectors, boolean threeInOne) {
        return groupWidths((channels + lanes - 1) / lanes, maxVectors, threeInOne).length;
    }

    /**
     * Splits {@code vectors} into groups of maxVectors, then 2 and 1 for what remains; with {@code threeInOne},
     * exactly 3 vectors under a main width of 4 are one group of 3.
     */
    static int[] groupWidths(int vectors, int maxVectors, boolean threeInOne) {
        if (threeInOne && vectors == 3 && maxVectors == 4) return new int[] {3};
        int full = vectors / maxVectors, rest = vectors % maxVectors;
        int count = full + Integer.bitCount(rest);
        int[] widths = new int[count];
        int g = 0;
        for (; g < full; g++) widths[g] = maxVectors;
        for (int w = Integer.highestOneBit(Math.max(rest, 1)); w >= 1; w >>= 1)
            if ((rest & w) != 0) widths[g++] = w;
        return widths;
    }
}
