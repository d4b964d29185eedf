package dev.shufflenet.panama.bench.paper;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The papers' numbers line up with the suite's cells: each cell the papers report (all of v1 Tables 1 and 8 and
 * v2 Tables 1-4, the batch-1 ARM column of v2 Table 8) has one, and no number names a cell the suite lacks (a
 * renamed row would otherwise drop its number silently).
 */
class PaperNumbersTest {

    @Test
    void everyReportedCellHasTheNumberAndEveryNumberACell() {
        List<PaperCell> cells = PaperSuite.cells(new ArrayList<>(PaperSuite.TABLES.keySet()), false, 2);
        Set<String> cellKeys = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (PaperCell c : cells) {
            String key = PaperNumbers.key(c.table(), c.row(), c.column());
            cellKeys.add(key);
            boolean reported = !c.table().equals("v2-table8") || c.batch() == 1;
            if (reported && PaperNumbers.of(c.table(), c.row(), c.column()).isEmpty()) missing.add(key);
        }
        assertEquals(List.of(), missing, "cells without the paper's number");
        List<String> orphans = PaperNumbers.keys().stream().filter(k -> !cellKeys.contains(k)).sorted().toList();
        assertEquals(List.of(), orphans, "numbers that name no cell of the suite");
    }

    @Test
    void numbersCarryThePapersUnits() {
        assertEquals("15.2 ms", PaperNumbers.of("v1-table8", "ShuffleNet 0.5x (g=3)", "224x224").orElseThrow());
        assertEquals("top-1 err 32.6%", PaperNumbers.of("v1-table1", "g=3", "1x").orElseThrow());
        assertEquals("24.4 img/s ARM", PaperNumbers.of("v2-table8", "ShuffleNet v2 1x", "batch 1, 1 thread").orElseThrow());
        assertEquals("76.2 img/s ARM", PaperNumbers.of("G1", "1:1", "x1").orElseThrow());
        assertTrue(PaperNumbers.of("v2-table8", "ShuffleNet v2 1x", "batch 8, 2 threads").isEmpty(),
                "the paper's GPU column is not a CPU's batch-8 number");
    }
}
