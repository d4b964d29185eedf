package dev.shufflenet.panama.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime's own per-node profile of one graph on one intra-op thread, for {@code profile --onnxruntime}:
 * where the peer spends its time, node by node, beside this runtime's steps. It uses ORT's profiler
 * ({@code SessionOptions.enableProfiling}), which records every node's kernel time of every run in a JSON
 * trace; a node's time here is its median over the timed runs (after untimed ones, which a second session
 * without the profiler makes, so that the trace holds the timed runs only). ORT's graph is its optimized one:
 * fused convs, the NCHWc reorders it inserts, the shape nodes of a reshape, each under ORT's name.
 */
public final class OnnxRuntimeNodeProfile {
    /** One node of ORT's optimized graph: its name, operator type and median kernel time. */
    public record NodeTime(String node, String op, long medianNanos) {}

    private OnnxRuntimeNodeProfile() {}

    /**
     * @param shape [batch, channels, height, width] of {@code input}
     * @return the nodes in the order of their first run, each with its median over {@code runs} runs
     */
    public static List<NodeTime> profile(OrtEnvironment env, Path onnx, float[] input, long[] shape, int warmupRuns,
                                         int runs) throws OrtException, IOException {
        if (runs <= 0) throw new IllegalArgumentException("runs must be positive, found " + runs);
        Path dir = Files.createTempDirectory("shufflenet-ort-profile-");
        try (OrtSession.SessionOptions warm = options(); OrtSession.SessionOptions timed = options()) {
            timed.enableProfiling(dir.resolve("ort").toString());
            try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape.clone())) {
                // Warm-up in a session of its own: ORT's first runs (allocation, the arena growing) stay out of the trace.
                try (OrtSession s = env.createSession(onnx.toString(), warm)) {
                    Map<String, OnnxTensor> feed = Map.of(s.getInputNames().iterator().next(), in);
                    for (int i = 0; i < warmupRuns; i++) s.run(feed).close();
                }
                try (OrtSession s = env.createSession(onnx.toString(), timed)) {
                    Map<String, OnnxTensor> feed = Map.of(s.getInputNames().iterator().next(), in);
                    s.run(feed).close(); // the first run of this session: not timed
                    for (int i = 0; i < runs; i++) s.run(feed).close();
                    Path trace = Path.of(s.endProfiling());
                    return medians(trace, runs);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        return o;
    }

    /** Per node: its last {@code runs} kernel times (the trace's first run of the session is dropped), median. */
    static List<NodeTime> medians(Path trace, int runs) throws IOException {
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, String> ops = new LinkedHashMap<>();
        JsonArray events;
        try (Reader r = Files.newBufferedReader(trace)) {
            events = JsonParser.parseReader(r).getAsJsonArray();
        }
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("cat") || !"Node".equals(o.get("cat").getAsString())) continue;
            String name = o.get("name").getAsString();
            if (!name.endsWith("_kernel_time")) continue;
            String node = name.substring(0, name.length() - "_kernel_time".length());
            JsonObject args = o.getAsJsonObject("args");
            ops.putIfAbsent(node, args != null && args.has("op_name") ? args.get("op_name").getAsString() : "?");
            times.computeIfAbsent(node, k -> new ArrayList<>()).add(o.get("dur").getAsLong());
        }
        if (times.isEmpty()) throw new IOException(trace + ": ONNX Runtime's trace has no node events");
        List<NodeTime> out = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            List<Long> all = e.getValue();
            List<Long> timed = new ArrayList<>(all.subList(Math.max(0, all.size() - runs), all.size()));
            timed.sort(null);
            out.add(new NodeTime(e.getKey(), ops.get(e.getKey()), timed.get(timed.size() / 2) * 1000L));
        }
        return List.copyOf(out);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary trace left behind is not worth failing the profile for
        }
    }
}
