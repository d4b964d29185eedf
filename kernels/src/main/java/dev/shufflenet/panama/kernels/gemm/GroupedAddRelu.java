package dev.shufflenet.panama.kernels.gemm;

/**
 * The argument rules of {@link PointwiseConvKernel#runGroupsAddRelu}: at least one group, all of one shape, and
 * either no channel runs or one per group reading that shape's K columns.
 */
final class GroupedAddRelu {
    private GroupedAddRelu() {}

    static void check(String kernel, PointwiseConvKernel.PackedWeights[] groups, ChannelRuns[] runs) {
        if (groups == null || groups.length == 0)
            throw new IllegalArgumentException(kernel + ": a grouped conv needs at least one group, found "
                    + (groups == null ? "null" : "none"));
        int m = groups[0].outChannels(), k = groups[0].inChannels();
        for (int g = 1; g < groups.length; g++)
            if (groups[g].outChannels() != m || groups[g].inChannels() != k)
                throw new IllegalArgumentException(kernel + ": group " + g + " is " + groups[g].outChannels() + " x "
                        + groups[g].inChannels() + " (output x input channels), group 0 is " + m + " x " + k);
        if (runs == null) return;
        if (runs.length != groups.length)
            throw new IllegalArgumentException(kernel + ": " + runs.length + " channel runs for " + groups.length
                    + " groups");
        for (int g = 0; g < runs.length; g++)
            if (runs[g] == null || runs[g].channels() != k)
                throw new IllegalArgumentException(kernel + ": the channel runs of group " + g + " read "
                        + (runs[g] == null ? "nothing (null)" : runs[g].channels() + " channels") + ", its weights "
                        + k);
    }
}
