package dev.shufflenet.panama.bench.paper;

import dev.shufflenet.panama.graph.Graph;

import java.util.function.Supplier;

/**
 * One cell of a paper table: the network, the input and the threads. Built-in models are built when the cell
 * runs (a suite holds one at a time); the guideline networks (a few MB of weights each) come built with the suite.
 *
 * @param table  experiment id, e.g. "v1-table8" or "G3"
 * @param model  the built-in name or guideline network name
 */
public record PaperCell(String table, String row, String column, String model, Supplier<Graph> graph, int batch,
                        int threads, int height, int width) {}
