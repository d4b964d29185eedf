package dev.shufflenet.panama.bench.paper;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.models.GuidelineNet;
import dev.shufflenet.panama.models.GuidelineNetworks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The papers' speed experiments as cells: ShuffleNet v1 (arXiv 1707.01083) Table 8 and Table 1's group sweep,
 * ShuffleNet v2 (arXiv 1807.11164) Table 8's ShuffleNet rows, and the four guideline tables G1-G4. A quick suite
 * keeps every table and row but only its first column (the smallest input or width) and batch 1.
 */
public final class PaperSuite {
    private PaperSuite() {}

    /** Experiment ids in report order, with their titles. */
    public static final Map<String, String> TABLES = titles();

    private static Map<String, String> titles() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("v1-table8", "ShuffleNet v1 Table 8: g = 3 at three widths and 1.0 MobileNet-224, at three input sizes,"
                + " batch 1, one thread");
        t.put("v1-table1", "ShuffleNet v1 Table 1 as a speed sweep: groups at 1x, 224 x 224, batch 1, one thread");
        t.put("v2-table8", "ShuffleNet v2 Table 8, ShuffleNet and MobileNet v2 rows: batch 1 one thread (the paper's ARM column),"
                + " batch 8 all threads (in place of its GPU column)");
        t.put("G1", "ShuffleNet v2 Table 1 (G1): equal channel width minimizes memory access cost");
        t.put("G2", "ShuffleNet v2 Table 2 (G2): excessive group convolution increases memory access cost");
        t.put("G3", "ShuffleNet v2 Table 3 (G3): network fragmentation reduces the degree of parallelism");
        t.put("G4", "ShuffleNet v2 Table 4 (G4): element-wise operations are non-negligible");
        return java.util.Collections.unmodifiableMap(t);
    }

    /** The cells of the selected tables; {@code allThreads} is what "all threads" means here. */
    public static List<PaperCell> cells(List<String> tables, boolean quick, int allThreads) {
        for (String t : tables)
            if (!TABLES.containsKey(t))
                throw new IllegalArgumentException("unknown table '" + t + "'; known: " + String.join(", ", TABLES.keySet()));
        List<PaperCell> cells = new ArrayList<>();
        for (String t : TABLES.keySet()) {
            if (!tables.contains(t)) continue;
            switch (t) {
                case "v1-table8" -> v1Table8(cells, quick);
                case "v1-table1" -> {
                    for (int g : new int[] {1, 2, 3, 4, 8})
                        cells.add(builtIn(t, "g=" + g, "1x", "v1-g" + g + "-1.0", 1, 1, 224, 224));
                }
                case "v2-table8" -> v2Table8(cells, quick, allThreads);
                default -> guidelines(cells, t, quick);
            }
        }
        return cells;
    }

    private static void v1Table8(List<PaperCell> cells, boolean quick) {
        int[][] sizes = quick ? new int[][] {{224, 224}} : new int[][] {{224, 224}, {480, 640}, {720, 1280}};
        for (String w : new String[] {"0.5", "1.0", "2.0"})
            for (int[] s : sizes)
                cells.add(builtIn("v1-table8", "ShuffleNet " + label(w) + " (g=3)", s[0] + "x" + s[1], "v1-g3-" + w,
                        1, 1, s[0], s[1]));
        // The table's comparison row: the claim is ShuffleNet against MobileNet at comparable FLOPs.
        for (int[] s : sizes)
            cells.add(builtIn("v1-table8", "1.0 MobileNet-224", s[0] + "x" + s[1], ShuffleNet.MOBILENET_V1, 1, 1,
                    s[0], s[1]));
    }

    private static void v2Table8(List<PaperCell> cells, boolean quick, int allThreads) {
        List<String[]> rows = new ArrayList<>();
        for (String w : new String[] {"0.5", "1.0", "1.5", "2.0"})
            rows.add(new String[] {"ShuffleNet v2 " + label(w), "v2-" + w});
        for (String w : new String[] {"0.5", "1.0", "1.5", "2.0"})
            rows.add(new String[] {"ShuffleNet v1 " + label(w) + " (g=3)", "v1-g3-" + w});
        rows.add(new String[] {"MobileNet v2 1x", ShuffleNet.MOBILENET_V2}); // the table's comparison row
        for (String[] r : rows) {
            cells.add(builtIn("v2-table8", r[0], "batch 1, 1 thread", r[1], 1, 1, 224, 224));
            if (!quick)
                cells.add(builtIn("v2-table8", r[0], "batch 8, " + allThreads + " threads", r[1], 8, allThreads, 224, 224));
        }
    }

    private static void guidelines(List<PaperCell> cells, String table, boolean quick) {
        List<GuidelineNet> nets = switch (table) {
            case "G1" -> GuidelineNetworks.g1();
            case "G2" -> GuidelineNetworks.g2();
            case "G3" -> GuidelineNetworks.g3();
            default -> GuidelineNetworks.g4();
        };
        String firstColumn = nets.get(0).column();
        for (GuidelineNet n : nets) {
            if (quick && !n.column().equals(firstColumn)) continue;
            Supplier<dev.shufflenet.panama.graph.Graph> graph = n::graph;
            cells.add(new PaperCell(table, n.row(), n.column(), n.graph().name(), graph, 1, 1, n.height(), n.width()));
        }
    }

    private static PaperCell builtIn(String table, String row, String column, String model, int batch, int threads,
                                     int h, int w) {
        return new PaperCell(table, row, column, model, () -> ShuffleNet.builtIn(model), batch, threads, h, w);
    }

    /** "0.5" -> "0.5x", "1.0" -> "1x", as the papers write widths. */
    static String label(String width) {
        return (width.endsWith(".0") ? width.substring(0, width.length() - 2) : width) + "x";
    }
}
