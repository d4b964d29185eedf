package dev.shufflenet.panama.bench.paper;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** report.json: the machine, the settings the run used, and one record per engine per cell. */
public record PaperReport(PaperMachine machine, Settings settings, List<PaperRecord> cells) {

    /** @param quick whether {@code --quick} chose the cells and round lengths */
    public record Settings(List<String> tables, boolean quick, double roundSeconds, int rounds, int maxWarmupRounds,
                           double cooldownSeconds, String backend, double settleThreshold, double stableCv) {}

    static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeNulls().serializeSpecialFloatingPointValues().disableHtmlEscaping().setPrettyPrinting().create();

    /** Writes report.json, report.md and the charts into {@code dir} (created if missing). */
    public void writeDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("report.json"));
        PaperMarkdown.write(this, dir);
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this) + "\n");
    }

    public static PaperReport read(Path file) throws IOException {
        PaperReport r = GSON.fromJson(Files.readString(file), PaperReport.class);
        if (r == null || r.machine() == null || r.cells() == null)
            throw new IOException(file + ": not a paper report (expected an object with 'machine' and 'cells')");
        return r;
    }
}
