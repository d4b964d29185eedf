package dev.shufflenet.panama.models;

import dev.shufflenet.panama.graph.Graph;

/**
 * One cell of a ShuffleNet v2 guideline table (Ma et al., 2018, Tables 1-4): a network of 10 identical blocks
 * fed a {@code channels} x {@code height} x {@code width} tensor (no stem, no head, as the paper times the
 * blocks alone), with the table, row and column it stands for.
 *
 * @param table  "G1" .. "G4"
 * @param row    the table's row label, e.g. "1:6", "g=4", "2-fragment-series", "relu=on shortcut=off"
 * @param column the table's column label, e.g. "x2" or "c=128"
 */
public record GuidelineNet(String table, String row, String column, int channels, int height, int width,
                           Graph graph) {
    /** The paper's feature-map size for every guideline experiment. */
    public static final int SIZE = 56;
    /** Blocks stacked in every guideline network (the paper's "repeated 10 times"). */
    public static final int BLOCKS = 10;

    /** Multiply-adds of one image, counted as {@link ModelStats} counts them. */
    public long macs() { return ModelStats.of(graph, height, width).totalMacs(); }
}
