package dev.shufflenet.panama.bench.paper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The papers' own numbers for the cells of {@link PaperSuite}, printed beside ours for reference: they were
 * measured on 2017-2018 phones (v1: Snapdragon 820; v2: Snapdragon 810, "highly-optimized Neon-based", one thread),
 * so only their ratios between rows compare with ours, never their absolute values.
 *
 * <p>Each number carries its unit, because the tables use three: v1 Table 8 gives milliseconds, v1 Table 1 gives
 * top-1 error (it is an accuracy table; our sweep turns it into a speed one), v2's tables give images/s. Of v2 Table 8
 * only the ARM column is given (the batch-1, one-thread cells): its GPU column is batches/s on a GPU, which says
 * nothing about a CPU's batch-8 cell.
 *
 * <p>Transcribed by hand from arXiv 1707.01083 (Tables 1 and 8) and 1807.11164 (Tables 1-4 and 8); the project's
 * build could not fetch the papers to check them mechanically, so a reader who finds a difference from the PDF
 * should trust the PDF and fix this table ({@code PaperNumbersTest} pins that every cell of the full suite that
 * the papers report has a number here, and that every number here belongs to a cell).
 */
public final class PaperNumbers {
    private PaperNumbers() {}

    private static final Map<String, String> NUMBERS = numbers();

    /** The paper's number for this cell, with its unit ("15.2 ms", "57.0 img/s ARM", "top-1 err 33.6%"). */
    public static Optional<String> of(String table, String row, String column) {
        return Optional.ofNullable(NUMBERS.get(key(table, row, column)));
    }

    /** Every (table, row, column) that has a number, as "table | row | column". */
    static java.util.Set<String> keys() { return NUMBERS.keySet(); }

    static String key(String table, String row, String column) { return table + " | " + row + " | " + column; }

    private static Map<String, String> numbers() {
        Map<String, String> m = new HashMap<>();
        // v1 Table 8: actual inference time on a Snapdragon 820, one thread.
        List<String> sizes = List.of("224x224", "480x640", "720x1280");
        v1Table8(m, "ShuffleNet 0.5x (g=3)", sizes, 15.2, 87.4, 260.1);
        v1Table8(m, "ShuffleNet 1x (g=3)", sizes, 37.8, 222.2, 684.5);
        v1Table8(m, "ShuffleNet 2x (g=3)", sizes, 108.8, 617.0, 1857.6);
        v1Table8(m, "1.0 MobileNet-224", sizes, 110.0, 612.0, 1879.2);
        // v1 Table 1, the ShuffleNet 1x row: ImageNet top-1 error per group count.
        double[] err = {33.6, 32.7, 32.6, 32.8, 32.4};
        int[] groups = {1, 2, 3, 4, 8};
        for (int i = 0; i < groups.length; i++)
            m.put(key("v1-table1", "g=" + groups[i], "1x"), String.format(java.util.Locale.ROOT, "top-1 err %.1f%%", err[i]));
        // v2 Table 8, the ARM column (images/s, batch 1, one thread).
        String arm = "batch 1, 1 thread";
        v2(m, "v2-table8", "ShuffleNet v2 0.5x", arm, 57.0, " ARM");
        v2(m, "v2-table8", "ShuffleNet v2 1x", arm, 24.4, " ARM");
        v2(m, "v2-table8", "ShuffleNet v2 1.5x", arm, 11.8, " ARM");
        v2(m, "v2-table8", "ShuffleNet v2 2x", arm, 6.7, " ARM");
        v2(m, "v2-table8", "ShuffleNet v1 0.5x (g=3)", arm, 56.8, " ARM");
        v2(m, "v2-table8", "ShuffleNet v1 1x (g=3)", arm, 21.8, " ARM");
        v2(m, "v2-table8", "ShuffleNet v1 1.5x (g=3)", arm, 10.3, " ARM");
        v2(m, "v2-table8", "ShuffleNet v1 2x (g=3)", arm, 6.4, " ARM");
        v2(m, "v2-table8", "MobileNet v2 1x", arm, 8.9, " ARM");
        // G1 (Table 1), its ARM column at x1, x2, x4 with the ARM channel pairs.
        guideline(m, "G1", "1:1", " ARM", 76.2, 21.7, 5.3);
        guideline(m, "G1", "1:2", " ARM", 72.9, 20.5, 5.1);
        guideline(m, "G1", "1:6", " ARM", 69.1, 17.9, 4.6);
        guideline(m, "G1", "1:12", " ARM", 57.6, 15.1, 4.4);
        // G2 (Table 2), its CPU column.
        guideline(m, "G2", "g=1", " CPU", 40.0, 10.2, 2.3);
        guideline(m, "G2", "g=2", " CPU", 35.0, 9.5, 2.2);
        guideline(m, "G2", "g=4", " CPU", 32.9, 8.7, 2.1);
        guideline(m, "G2", "g=8", " CPU", 27.8, 7.5, 1.8);
        // G3 (Table 3), its CPU column at c = 64, 128, 256.
        guideline(m, "G3", "1-fragment", " CPU", 40.2, 10.1, 2.3);
        guideline(m, "G3", "2-fragment-series", " CPU", 38.6, 10.1, 2.3);
        guideline(m, "G3", "4-fragment-series", " CPU", 38.4, 10.1, 2.3);
        guideline(m, "G3", "2-fragment-parallel", " CPU", 33.4, 9.1, 2.2);
        guideline(m, "G3", "4-fragment-parallel", " CPU", 35.0, 8.4, 2.1);
        // G4 (Table 4), its CPU column at c = 32, 64, 128.
        guideline(m, "G4", "relu=on shortcut=on", " CPU", 56.7, 16.9, 5.0);
        guideline(m, "G4", "relu=on shortcut=off", " CPU", 61.9, 18.8, 5.2);
        guideline(m, "G4", "relu=off shortcut=on", " CPU", 57.3, 18.2, 5.1);
        guideline(m, "G4", "relu=off shortcut=off", " CPU", 66.3, 20.2, 5.4);
        return Map.copyOf(m);
    }

    private static void v1Table8(Map<String, String> m, String row, List<String> sizes, double... ms) {
        for (int i = 0; i < sizes.size(); i++)
            m.put(key("v1-table8", row, sizes.get(i)), String.format(java.util.Locale.ROOT, "%.1f ms", ms[i]));
    }

    private static void v2(Map<String, String> m, String table, String row, String column, double imagesPerS,
                           String platform) {
        m.put(key(table, row, column), String.format(java.util.Locale.ROOT, "%.1f img/s%s", imagesPerS, platform));
    }

    private static void guideline(Map<String, String> m, String table, String row, String platform, double... perColumn) {
        List<String> columns = switch (table) {
            case "G1", "G2" -> List.of("x1", "x2", "x4");
            case "G3" -> List.of("c=64", "c=128", "c=256");
            default -> List.of("c=32", "c=64", "c=128");
        };
        for (int i = 0; i < columns.size(); i++) v2(m, table, row, columns.get(i), perColumn[i], platform);
    }
}
