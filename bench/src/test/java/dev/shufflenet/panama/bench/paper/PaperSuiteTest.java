package dev.shufflenet.panama.bench.paper;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite holds the papers' rows and columns. */
class PaperSuiteTest {
    static final List<String> ALL = new ArrayList<>(PaperSuite.TABLES.keySet());

    @Test
    void fullSuiteHasEveryCellOfTheTables() {
        List<PaperCell> cells = PaperSuite.cells(ALL, false, 4);
        assertEquals(12, count(cells, "v1-table8"), "(3 widths + 1.0 MobileNet-224) x 3 input sizes");
        assertEquals(5, count(cells, "v1-table1"), "g = 1, 2, 3, 4, 8");
        assertEquals(18, count(cells, "v2-table8"), "8 ShuffleNets + MobileNet v2 x (batch 1 one thread, batch 8 all threads)");
        assertEquals(12, count(cells, "G1"));
        assertEquals(12, count(cells, "G2"));
        assertEquals(15, count(cells, "G3"));
        assertEquals(12, count(cells, "G4"));
        assertTrue(cells.stream().anyMatch(c -> c.batch() == 8 && c.threads() == 4 && c.model().equals("v1-g3-1.5")));
        assertTrue(cells.stream().anyMatch(c -> c.height() == 720 && c.width() == 1280 && c.model().equals("v1-g3-2.0")));
        assertTrue(cells.stream().anyMatch(c -> c.table().equals("v1-table8") && c.height() == 480
                && c.model().equals("mobilenet-v1-1.0")), "v1 Table 8's MobileNet row");
        assertTrue(cells.stream().anyMatch(c -> c.table().equals("v2-table8") && c.batch() == 8
                && c.model().equals("mobilenet-v2-1.0")), "v2 Table 8's MobileNet v2 row");
    }

    @Test
    void quickSuiteKeepsEveryRowAtTheFirstColumn() {
        List<PaperCell> cells = PaperSuite.cells(ALL, true, 4);
        assertEquals(4 + 5 + 9 + 4 + 4 + 5 + 4, cells.size());
        assertTrue(cells.stream().allMatch(c -> c.batch() == 1 && c.threads() == 1));
    }

    @Test
    void unknownTableIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> PaperSuite.cells(List.of("G5"), false, 1));
        assertTrue(e.getMessage().contains("G5") && e.getMessage().contains("v1-table8"), e.getMessage());
    }

    private static long count(List<PaperCell> cells, String table) {
        return cells.stream().filter(c -> c.table().equals(table)).count();
    }
}
