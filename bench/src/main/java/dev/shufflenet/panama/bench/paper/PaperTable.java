package dev.shufflenet.panama.bench.paper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The records of one experiment arranged as the paper's table: its rows and columns in first-seen order. */
record PaperTable(String id, String title, List<String> rows, List<String> columns, List<PaperRecord> records) {

    static PaperTable of(String id, List<PaperRecord> all) {
        List<PaperRecord> mine = all.stream().filter(r -> r.table().equals(id)).toList();
        LinkedHashSet<String> rows = new LinkedHashSet<>(), columns = new LinkedHashSet<>();
        for (PaperRecord r : mine) {
            rows.add(r.row());
            columns.add(r.column());
        }
        return new PaperTable(id, PaperSuite.TABLES.getOrDefault(id, id), new ArrayList<>(rows),
                new ArrayList<>(columns), mine);
    }

    /** Ids of the experiments present in the records, in the suite's order (unknown ones last). */
    static List<String> idsIn(List<PaperRecord> records) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String t : PaperSuite.TABLES.keySet())
            if (records.stream().anyMatch(r -> r.table().equals(t))) ids.add(t);
        records.forEach(r -> ids.add(r.table()));
        return new ArrayList<>(ids);
    }

    Optional<PaperRecord> find(String row, String column, String engine) {
        return records.stream().filter(r -> r.row().equals(row) && r.column().equals(column)
                && Objects.equals(r.engine(), engine)).findFirst();
    }

    /** The cell failed (only a failed record there). */
    boolean failed(String row, String column) {
        return records.stream().anyMatch(r -> r.row().equals(row) && r.column().equals(column) && !r.ok());
    }
}
