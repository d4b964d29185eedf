package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Value;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;

import java.util.List;

/**
 * One node of the rewritten graph, with the facts the rewrite passes attached; the {@link Planner} maps
 * each to at most one step and decides nothing about fusion itself.
 *
 * @param node           the node after rewriting: fused nodes carry the joined name ("conv+relu",
 *                       "shuffle+conv", "concat+shuffle") and, for folded shuffles, permuted weights
 * @param relu           a ReLU on the output was absorbed ({@link GraphRewrites})
 * @param fold           how a channel shuffle was folded into this node ({@link ShufflePlacement},
 *                       {@link ConcatPlacement}), or {@link Fold#NONE}
 * @param channelRuns    for {@link Fold#SHUFFLED_READ}: per conv group, where its input channels lie in the
 *                       unshuffled tensor (the weight columns are already in that order); else null
 * @param gemm           for {@link Fold#SHUFFLED_READ}: the GEMM the fold was decided for (one that reads
 *                       runs), so the planner does not ask the selector a second time; else null
 * @param writtenInPlace for a Concat: the inputs whose producers write straight into their channel slice
 *                       of its buffer ({@link ConcatPlacement}); the others are copied. Empty otherwise
 * @param clampMax       with {@code relu}: the upper bound of an absorbed Clip(0, max) (ReLU6: 6), which the
 *                       conv's kernel applies in its minmax variant; +infinity for none
 */
record FusedNode(Node node, boolean relu, Fold fold, ChannelRuns[] channelRuns, PointwiseConvKernel gemm,
                 List<Value> writtenInPlace, float clampMax) {

    /** How a channel shuffle left the plan. */
    enum Fold {
        NONE,
        /** An ungrouped 1x1 conv whose weight rows are permuted so that it writes the shuffled order. */
        SHUFFLED_WRITE,
        /** A 3x3 depthwise conv whose filters are permuted so that it runs in the unshuffled order. */
        PERMUTED_FILTERS,
        /** A 1x1 conv that reads the unshuffled tensor through {@link FusedNode#channelRuns}. */
        SHUFFLED_READ,
        /** ShuffleNet v2's concat + shuffle(2) + split: a two-input ChannelShuffle node, one pass. */
        CONCAT_SHUFFLE_SPLIT,
        /** The stem's conv on the NCHW input and the max pool after it, one pass ({@link StemPlacement}). */
        STEM_POOL
    }

    FusedNode {
        writtenInPlace = List.copyOf(writtenInPlace);
    }

    FusedNode(Node node, boolean relu) {
        this(node, relu, Fold.NONE, null, null, List.of(), Float.POSITIVE_INFINITY);
    }

    /** A node with an absorbed Clip(0, clampMax): ReLU and the upper bound. */
    FusedNode(Node node, float clampMax) {
        this(node, true, Fold.NONE, null, null, List.of(), clampMax);
    }

    FusedNode withNode(Node n) { return new FusedNode(n, relu, fold, channelRuns, gemm, writtenInPlace, clampMax); }

    FusedNode withFold(Node n, Fold f, ChannelRuns[] runs, PointwiseConvKernel k) {
        return new FusedNode(n, relu, f, runs, k, writtenInPlace, clampMax);
    }

    FusedNode withWrittenInPlace(List<Value> inPlace) {
        return new FusedNode(node, relu, fold, channelRuns, gemm, inPlace, clampMax);
    }
}
