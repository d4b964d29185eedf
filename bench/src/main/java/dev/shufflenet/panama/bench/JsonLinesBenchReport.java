package dev.shufflenet.panama.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.shufflenet.panama.bench.paper.PaperMachine;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * For scripts: one JSON object per measurement per line on standard output, each with the paper report's
 * {@code machine} object and its stability ({@code cv}, {@code stable}: {@link RoundStability}); the header, notes
 * and logit checks go to standard error (as text) so that standard output stays parseable line by line.
 */
public final class JsonLinesBenchReport implements BenchReport {
    private final PrintWriter out;
    private final TextBenchReport humanSide;
    private final Gson gson = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create();

    public JsonLinesBenchReport(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.humanSide = new TextBenchReport(err, err);
    }

    /** The paper report's machine object, detected once per run and carried by every record. */
    private JsonElement machine;

    @Override
    public void header(BenchHeader header) {
        humanSide.header(header);
        machine = PaperMachine.detect(header.ort()).toJson();
    }

    @Override public void note(String message) { humanSide.note(message); }

    @Override
    public void agreement(String model, int batch, int threads, LogitAgreement agreement) {
        humanSide.agreement(model, batch, threads, agreement);
    }

    @Override
    public void measurement(Measurement m) {
        JsonObject o = toJson(m);
        if (machine != null) o.add("machine", machine);
        out.println(gson.toJson(o));
        out.flush();
    }

    static JsonObject toJson(Measurement m) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.model());
        o.addProperty("engine", m.engine());
        o.addProperty("backend", m.backend().toLowerCase(Locale.ROOT));
        o.addProperty("batch", m.batch());
        o.addProperty("threads", m.threads());
        o.addProperty("height", m.height());
        o.addProperty("width", m.width());
        o.addProperty("median_ms", m.stats().medianMs());
        o.addProperty("p90_ms", m.stats().p90Ms());
        o.addProperty("min_ms", m.stats().minMs());
        o.addProperty("mean_ms", m.stats().meanMs());
        o.addProperty("images_per_s", m.imagesPerSecond());
        o.addProperty("calls", m.stats().count());
        o.addProperty("warmup_calls", m.warmupCalls());
        if (m.stability() != null) {
            o.addProperty("cv", m.stability().cv());
            o.addProperty("stable", m.stability().stable());
            o.addProperty("warmup_settled", m.stability().warmupSettled());
            JsonArray medians = new JsonArray();
            m.stability().roundMediansMs().forEach(medians::add);
            o.add("round_medians_ms", medians);
        }
        if (m.ratioVsOrt() != null) o.addProperty("ratio", m.ratioVsOrt());
        if (m.speedupVsFewestThreads() != null) o.addProperty("speedup_vs_fewest_threads", m.speedupVsFewestThreads());
        if (m.agreement() != null) {
            o.addProperty("max_rel_diff_vs_ort", m.agreement().relative());
            o.addProperty("logits_agree", m.agreement().acceptable());
        }
        return o;
    }
}
