package dev.shufflenet.panama.selftest;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shufflenet.panama.bench.paper.PaperMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code selftest --json} prints: one record (snake_case names), with the same {@code machine} object as
 * the paper report's, so that {@code paper compare} can put it beside that machine's speed tables.
 *
 * @param kind       always {@value #KIND}: tells a self-test record from a paper report
 * @param quick      whether {@code --quick} left out the slower parts (see SelftestCommand)
 * @param passed     every kernel case, backend case and reference run passed
 * @param casesRun   kernel and backend cases together
 * @param narrowPass what became of the 128-bit child JVM pass ("ran", or why it did not)
 */
public record SelftestReport(String kind, PaperMachine machine, boolean quick, double seconds, boolean passed,
                             int casesRun, int casesFailed, List<String> backendsLoaded, List<SetResult> sets,
                             String narrowPass, List<BackendResult> backends, List<ReferenceResult> reference) {
    public static final String KIND = "selftest";

    public static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeNulls().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Whether a JSON file holds a self-test record (its {@code kind}), without reading it as one. */
    public static boolean isSelftest(Path file) throws IOException {
        var e = JsonParser.parseString(Files.readString(file));
        if (!e.isJsonObject()) return false;
        JsonObject o = e.getAsJsonObject();
        return o.has("kind") && KIND.equals(o.get("kind").getAsString());
    }

    public static SelftestReport read(Path file) throws IOException {
        SelftestReport r = GSON.fromJson(Files.readString(file), SelftestReport.class);
        if (r == null || !KIND.equals(r.kind()) || r.machine() == null || r.sets() == null)
            throw new IOException(file + ": not a selftest record (expected kind \"" + KIND + "\", machine and sets)");
        return r;
    }
}
