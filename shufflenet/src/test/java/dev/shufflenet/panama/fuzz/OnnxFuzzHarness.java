package dev.shufflenet.panama.fuzz;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.onnx.DeclaredInput;
import dev.shufflenet.panama.onnx.OnnxExporter;
import dev.shufflenet.panama.onnx.OnnxImporter;
import dev.shufflenet.panama.onnx.OnnxModel;
import dev.shufflenet.panama.onnx.proto.OnnxProto.ModelProto;
import dev.shufflenet.panama.runtime.TestInputs;
import dev.shufflenet.panama.testing.ReferenceFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case from its seed and sorts the outcome. The contract (issue 12): every input either
 * imports, compiles and runs, and then agrees with ONNX Runtime where ONNX Runtime runs it, or is refused
 * with an IllegalArgumentException (OnnxImportException is one) that has a message; anything else (another
 * exception, an Error, a disagreement, a case over its time limit) is a failure, reported with its seed.
 */
final class OnnxFuzzHarness implements AutoCloseable {
    /**
     * As in OnnxRuntimeAgreementTest: two float32 engines summing the same dot products in different orders
     * through ~50 layers differ by a few 1e-6 of the logits' scale; a wrong op moves them by 1e-1.
     */
    static final double TOLERANCE = 1e-4;
    /** Sizes tried where the file leaves H and W dynamic: odd ones exercise padding and strides. */
    private static final int[] DYNAMIC_SIZES = {32, 33, 48, 64, 65, 80};
    /** Largest image and batch the harness runs; a file that fixes more is imported but not run. */
    private static final int MAX_PIXELS = 256 * 256, MAX_BATCH = 4;

    enum Outcome {
        AGREED("ran, agreed with ORT"),
        RAN_ORT_REFUSED("ran, ORT refused"),
        REFUSED_IMPORT("refused at import"),
        REFUSED_ORT_RAN("refused at import, ORT ran it"),
        REFUSED_COMPILE("refused at compile/run"),
        NOT_RUN_SIZE("imported, too large to run here"),
        OTHER("OTHER (must be 0)");

        final String label;
        Outcome(String label) { this.label = label; }
    }

    record Seed(String name, ModelProto proto, byte[] bytes, int batch) {}

    record Result(long seed, OnnxMutator.Family family, String seedModel, String mutation, Outcome outcome, String detail) {}

    private final List<Seed> seeds;
    private final long caseTimeoutSeconds;
    private ExecutorService worker = newWorker();

    OnnxFuzzHarness(long caseTimeoutSeconds) throws IOException {
        this.caseTimeoutSeconds = caseTimeoutSeconds;
        List<Seed> s = new ArrayList<>();
        for (String name : List.of("v2-0.5", "v1-g3-0.5")) {
            byte[] b = OnnxExporter.toBytes(ShuffleNet.builtIn(name));
            s.add(new Seed(name, ModelProto.parseFrom(b), b, 2));
        }
        byte[] ref = Files.readAllBytes(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        s.add(new Seed("torchvision-v2-1.0", ModelProto.parseFrom(ref), ref, 1));
        this.seeds = List.copyOf(s);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "onnx-fuzz-case");
            t.setDaemon(true); // a hung case must not keep the JVM alive
            return t;
        });
    }

    /** The case this seed names: its seed model, family, mutation and compile size all come from it. */
    Result run(long seed) {
        Random rnd = new Random(seed);
        OnnxMutator.Family family = OnnxMutator.Family.values()[rnd.nextInt(OnnxMutator.Family.values().length)];
        // The torchvision file is 9 MB at a fixed 224x224: a third of the cases, as it costs ten times more.
        Seed model = seeds.get(rnd.nextInt(6) < 2 ? 2 : rnd.nextInt(2));
        int size = DYNAMIC_SIZES[rnd.nextInt(DYNAMIC_SIZES.length)];
        OnnxMutator.Mutant mutant;
        try {
            mutant = new OnnxMutator(rnd).mutate(model.proto(), model.bytes(), family);
        } catch (RuntimeException e) {
            throw new AssertionError("the mutator failed for seed " + seed + ": " + e, e);
        }
        // ONNX Runtime's native code can crash the JVM on a hostile file (seen once in cross-check mode, in
        // OrtSession.createSession on a file this importer refused): name each case first so a crash has a seed.
        if (CROSS_CHECK_REFUSALS) System.out.println("[fuzz] case " + seed);
        Future<Result> f = worker.submit(() -> evaluate(seed, family, model, mutant, size));
        try {
            return f.get(caseTimeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return new Result(seed, family, model.name(), mutant.description(), Outcome.OTHER,
                    "no result within " + caseTimeoutSeconds + " s (hang?)");
        } catch (ExecutionException e) {
            return new Result(seed, family, model.name(), mutant.description(), Outcome.OTHER, stackTrace(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Result evaluate(long seed, OnnxMutator.Family family, Seed model, OnnxMutator.Mutant mutant, int size) {
        String source = "fuzz-" + seed + ".onnx";
        String what = mutant.description();
        try {
            OnnxModel m;
            try {
                m = OnnxImporter.readModel(mutant.bytes(), source, OnnxImporter.Options.strict());
            } catch (IllegalArgumentException e) {
                Result refused = clean(seed, family, model, what, Outcome.REFUSED_IMPORT, e);
                if (refused.outcome() == Outcome.REFUSED_IMPORT && CROSS_CHECK_REFUSALS && ortRunsIt(mutant.bytes(), model, size, seed)) {
                    if (SAVE_DIR != null) Files.write(Files.createDirectories(Path.of(SAVE_DIR)).resolve(seed + ".onnx"), mutant.bytes());
                    return new Result(seed, family, model.name(), what, Outcome.REFUSED_ORT_RAN, e.getMessage());
                }
                return refused;
            }
            DeclaredInput in = m.input();
            int h = in.height() == DeclaredInput.DYNAMIC ? size : in.height();
            int w = in.width() == DeclaredInput.DYNAMIC ? size : in.width();
            int batch = in.batchFixed() ? in.batch() : model.batch();
            if ((long) h * w > MAX_PIXELS || batch > MAX_BATCH)
                return new Result(seed, family, model.name(), what, Outcome.NOT_RUN_SIZE, "batch " + batch + ", " + h + "x" + w);
            in.checkSize(h, w);
            in.checkBatch(batch);
            float[] x = TestInputs.images(batch, in.channels(), h, w, seed);
            float[] ours;
            try (CompiledModel compiled = CompiledModel.compile(m.graph(), CompileOptions.defaults()
                    .withInputSize(h, w).withMaxBatch(batch).withBackend(Backend.JAVA))) {
                ours = compiled.run(x, batch);
            } catch (IllegalArgumentException e) {
                return clean(seed, family, model, what, Outcome.REFUSED_COMPILE, e);
            }
            float[] reference;
            try {
                reference = onnxRuntime(mutant.bytes(), x, batch, in.channels(), h, w);
            } catch (OrtException | RuntimeException e) {
                return new Result(seed, family, model.name(), what, Outcome.RAN_ORT_REFUSED, String.valueOf(e.getMessage()));
            }
            String disagreement = compare(ours, reference);
            return disagreement == null
                    ? new Result(seed, family, model.name(), what, Outcome.AGREED, "")
                    : new Result(seed, family, model.name(), what, Outcome.OTHER, "disagrees with ONNX Runtime at "
                            + h + "x" + w + " batch " + batch + ": " + disagreement);
        } catch (Throwable t) { // the contract's "anything else": another exception type or an Error
            return new Result(seed, family, model.name(), what, Outcome.OTHER, stackTrace(t));
        }
    }

    /** A refusal is clean when it is an IllegalArgumentException with a message that says something. */
    private static Result clean(long seed, OnnxMutator.Family family, Seed model, String what, Outcome refused,
                                IllegalArgumentException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank())
            return new Result(seed, family, model.name(), what, Outcome.OTHER, "refusal without a message: " + stackTrace(e));
        return new Result(seed, family, model.name(), what, refused, message);
    }

    /**
     * With -Dshufflenet.fuzz.crossCheck=true, refused files are also given to ONNX Runtime, to count where
     * this importer is stricter than ONNX Runtime (not a contract failure: the importer may refuse what it
     * does not support). Off in CI: it doubles the time of refused cases, and ONNX Runtime has crashed the JVM
     * (SIGSEGV in createSession) on one such refused file.
     */
    static final boolean CROSS_CHECK_REFUSALS = Boolean.getBoolean("shufflenet.fuzz.crossCheck");
    /**
     * With cross-checking, -Dshufflenet.fuzz.saveDir=DIR also writes each file this importer refused and
     * ONNX Runtime ran to DIR/SEED.onnx, for triage against onnx.checker (docs/fuzzing.md).
     */
    static final String SAVE_DIR = System.getProperty("shufflenet.fuzz.saveDir");

    /** Whether ONNX Runtime loads and runs the file at the size and batch the harness would use. */
    private static boolean ortRunsIt(byte[] bytes, Seed model, int size, long seed) {
        ModelProto parsed;
        try {
            parsed = ModelProto.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
        try {
            var dims = parsed.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
            long[] shape = {model.batch(), 3, size, size};
            for (int i = 0; i < 4 && i < dims.size(); i++) if (dims.get(i).getDimValue() > 0) shape[i] = dims.get(i).getDimValue();
            if (shape[0] * shape[1] * shape[2] * shape[3] > 4L * 3 * MAX_PIXELS) return false;
            onnxRuntime(bytes, TestInputs.images((int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3], seed), shape);
            return true;
        } catch (OrtException | RuntimeException e) {
            return false;
        }
    }

    private static float[] onnxRuntime(byte[] bytes, float[] x, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(bytes, options);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), t))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] y = new float[out.remaining()];
                out.get(y);
                return y;
            }
        }
    }

    /**
     * Null when ours matches ORT: same length; non-finite values in the same places with the same value
     * (NaN or the same infinity); finite ones within TOLERANCE of the largest finite magnitude.
     */
    static String compare(float[] ours, float[] reference) {
        if (ours.length != reference.length)
            return "output has " + ours.length + " values, ONNX Runtime's " + reference.length;
        double scale = 0;
        for (float v : reference) if (Float.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < ours.length; i++) {
            float a = ours[i], b = reference[i];
            if (!Float.isFinite(a) || !Float.isFinite(b)) {
                if (Float.compare(a, b) != 0 && !(Float.isNaN(a) && Float.isNaN(b)))
                    return "value " + i + ": ours " + a + ", ONNX Runtime " + b;
                continue;
            }
            if (Math.abs(a - b) > TOLERANCE * Math.max(scale, Float.MIN_NORMAL))
                return "value " + i + ": ours " + a + ", ONNX Runtime " + b + " (scale " + scale + ")";
        }
        return null;
    }

    private static String stackTrace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    /** Outcome counts per family, and the failing cases. */
    static final class Tally {
        final Map<OnnxMutator.Family, long[]> counts = new EnumMap<>(OnnxMutator.Family.class);
        final List<Result> failures = new ArrayList<>();

        void add(Result r) {
            counts.computeIfAbsent(r.family(), f -> new long[Outcome.values().length])[r.outcome().ordinal()]++;
            if (r.outcome() == Outcome.OTHER) failures.add(r);
        }

        long total() { return counts.values().stream().mapToLong(c -> java.util.Arrays.stream(c).sum()).sum(); }

        String table() {
            StringBuilder b = new StringBuilder(String.format("%-13s %7s", "family", "tried"));
            for (Outcome o : Outcome.values()) b.append(String.format(" | %s", o.label));
            b.append('\n');
            long[] sum = new long[Outcome.values().length];
            for (var e : counts.entrySet()) {
                long tried = java.util.Arrays.stream(e.getValue()).sum();
                b.append(String.format("%-13s %7d", e.getKey(), tried));
                for (Outcome o : Outcome.values()) {
                    b.append(String.format(" | %" + o.label.length() + "d", e.getValue()[o.ordinal()]));
                    sum[o.ordinal()] += e.getValue()[o.ordinal()];
                }
                b.append('\n');
            }
            b.append(String.format("%-13s %7d", "all", total()));
            for (Outcome o : Outcome.values()) b.append(String.format(" | %" + o.label.length() + "d", sum[o.ordinal()]));
            return b.append('\n').toString();
        }
    }

    @Override public void close() { worker.shutdownNow(); }
}
