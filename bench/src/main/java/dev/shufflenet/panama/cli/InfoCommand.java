package dev.shufflenet.panama.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.PlanStep;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.bench.MachineFacts;
import dev.shufflenet.panama.kernels.ArrayAlignment;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.parallel.CoreCount;
import dev.shufflenet.panama.kernels.config.TargetConfig;
import dev.shufflenet.panama.tuning.Target;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.models.ModelStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Per-layer multiply-adds, parameters and output shapes of a model, and the machine facts that matter for speed. */
@Command(name = "info", sortOptions = false,
        description = "Per-layer table (name, kind, output shape, MACs, parameters) with totals, this machine's"
                + " CPU, JDK and Vector API facts, and with --plan the kernel of every compiled step.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = {"--model", "--arch"}, defaultValue = "v2-1.0", paramLabel = "MODEL",
            description = "Built-in model name or ONNX file (default: ${DEFAULT-VALUE}).")
    String arch;

    @Mixin
    InputSizeOptions size;

    /** From --size, else the model's own. */
    int height;
    int width;

    @Option(names = "--plan", description = "Also compile the model and list the kernel each step runs.")
    boolean plan;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "With --plan: GEMM backend, java, openblas, acl or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Mixin
    LenientOption lenientOption;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Graph graph = ModelArgument.resolve(cl, "--model", arch, lenientOption.lenient);
        int[] hw = size.resolve(cl, graph);
        height = hw[0];
        width = hw[1];
        ModelStats stats = ModelStats.of(graph, height, width);
        MachineFacts machine = MachineFacts.detect();
        CompiledPlan compiled = plan ? CompiledPlan.of(graph, height, width, backend) : null;
        PrintWriter out = cl.getOut();
        if (json) {
            JsonObject o = toJson(stats, machine);
            if (compiled != null) o.add("plan", compiled.toJson());
            out.println(new GsonBuilder().create().toJson(o));
        } else {
            printTable(out, stats, machine);
            if (compiled != null) compiled.print(out);
        }
        out.flush();
        return 0;
    }

    private void printTable(PrintWriter out, ModelStats stats, MachineFacts machine) {
        int nameWidth = Math.max(5, stats.layers().stream().mapToInt(l -> l.name().length()).max().orElse(5));
        int kindWidth = Math.max(4, stats.layers().stream().mapToInt(l -> l.kind().length()).max().orElse(4));
        String row = "%-" + nameWidth + "s  %-" + kindWidth + "s  %-18s %12s %10s%n";
        out.printf(Locale.ROOT, "%s at %dx%d (counts for one image)%n%n", arch, height, width);
        out.printf(Locale.ROOT, row, "layer", "kind", "output", "MACs", "params");
        for (ModelStats.Layer l : stats.layers())
            out.printf(Locale.ROOT, row, l.name(), l.kind(), shape(l.outputShape()), l.macs(), l.params());
        out.printf(Locale.ROOT, "%ntotal: %.2f M MACs (\"MFLOPs\" as the ShuffleNet papers count), %.3f M parameters,"
                + " %d layers%n%n", stats.totalMacs() / 1e6, stats.totalParams() / 1e6, stats.layers().size());
        out.printf(Locale.ROOT, "cpu        %s, %d cores, %s%n", machine.cpuModel(), machine.cores(),
                machine.isaDescription());
        out.printf(Locale.ROOT, "os         %s %s%n", machine.osName(), machine.osArch());
        out.printf(Locale.ROOT, "jdk        %s (%s)%n", machine.jdkVersion(), machine.jdkVendor());
        out.printf(Locale.ROOT, "vector     %s%n", machine.vectorDescription());
        out.printf(Locale.ROOT, "kernels    %s%n", machine.kernelSet());
        if (machine.vectorBits() > 0) out.printf(Locale.ROOT, "weights    %s%n", ArrayAlignment.describe());
        Target target = Target.detect();
        out.printf(Locale.ROOT, "target     %s%n", target.summary());
        out.printf(Locale.ROOT, "config     %s%n", describe(KernelRegistry.target()));
        CoreCount cores = CoreCount.detect();
        out.printf(Locale.ROOT, "threads    %d by default: %s (--threads or CompileOptions.withThreads to change)%n",
                cores.threads(), cores.reason());
        // Loads OpenBLAS and the ACL shim on purpose: saying which native libraries load here is info's job.
        out.printf(Locale.ROOT, "openblas   %s%n", target.openBlas());
        out.printf(Locale.ROOT, "acl        %s%n", target.acl());
    }

    /** The per-target configuration (kernels.config.TargetConfigs) in one line. */
    static String describe(TargetConfig c) {
        return c.name() + ": GEMM tile " + c.gemm().rows() + "x" + c.gemm().mainVectors() + "v, stem tiles "
                + c.stem().pairPixels() + "x2v + " + c.stem().singlePixels() + "x1v (fused stem "
                + c.stem().stemPoolPairPixels() + "x2v), GEMM backends "
                + c.gemmBackends() + " (default " + c.defaultGemmBackend() + "; grouped " + c.groupedGemmBackends()
                + "), half-width zip "
                + (c.halfWidthZip() ? "on" : "off") + ", shuffle vectorised from " + c.shuffleMinRunVectors()
                + " vector(s) per group";
    }

    private JsonObject toJson(ModelStats stats, MachineFacts machine) {
        JsonObject o = new JsonObject();
        o.addProperty("arch", arch);
        o.addProperty("height", height);
        o.addProperty("width", width);
        o.addProperty("mflops", stats.totalMacs() / 1e6);
        o.addProperty("macs", stats.totalMacs());
        o.addProperty("params", stats.totalParams());
        JsonArray layers = new JsonArray();
        for (ModelStats.Layer l : stats.layers()) {
            JsonObject layer = new JsonObject();
            layer.addProperty("name", l.name());
            layer.addProperty("kind", l.kind());
            JsonArray shape = new JsonArray();
            for (int d : l.outputShape()) shape.add(d);
            layer.add("output_shape", shape);
            layer.addProperty("macs", l.macs());
            layer.addProperty("params", l.params());
            layers.add(layer);
        }
        o.add("layers", layers);
        o.add("machine", machineJson(machine));
        return o;
    }

    static JsonObject machineJson(MachineFacts m) {
        JsonObject o = new JsonObject();
        o.addProperty("cpu_model", m.cpuModel());
        o.addProperty("cores", m.cores());
        JsonArray flags = new JsonArray();
        m.isaFlags().forEach(flags::add);
        o.add("isa_flags", flags);
        o.addProperty("os_name", m.osName());
        o.addProperty("os_arch", m.osArch());
        o.addProperty("jdk_version", m.jdkVersion());
        o.addProperty("jdk_vendor", m.jdkVendor());
        o.addProperty("vector_bits", m.vectorBits());
        o.addProperty("vector_lanes", m.vectorLanes());
        o.addProperty("kernel_set", m.kernelSet());
        Target target = Target.detect();
        o.addProperty("target", target.isa().name());
        o.addProperty("target_summary", target.summary());
        o.addProperty("target_config", KernelRegistry.target().name());
        o.addProperty("default_threads", CoreCount.detect().threads());
        o.addProperty("default_threads_reason", CoreCount.detect().reason());
        o.addProperty("target_config_summary", describe(KernelRegistry.target()));
        o.addProperty("openblas", target.openBlas());
        o.addProperty("openblas_loaded", target.openBlasLoaded());
        o.addProperty("acl", target.acl());
        o.addProperty("acl_loaded", target.aclLoaded());
        return o;
    }

    /** What the planner made of the model: one kernel per step, and the workspace it needs. */
    private record CompiledPlan(Backend backend, List<PlanStep> steps, long workspaceBytesPerImage) {
        static CompiledPlan of(Graph graph, int height, int width, Backend backend) {
            try (CompiledModel m = CompiledModel.compile(graph,
                    CompileOptions.defaults().withInputSize(height, width).withBackend(backend))) {
                return new CompiledPlan(backend, m.steps(), m.workspaceBytesPerImage());
            }
        }

        void print(PrintWriter out) {
            int nameWidth = Math.max(4, steps.stream().mapToInt(s -> s.name().length()).max().orElse(4));
            out.printf(Locale.ROOT, "%nplan (backend %s, batch 1, one thread): %d steps, workspace %.2f MB per image%n",
                    backend.name().toLowerCase(Locale.ROOT), steps.size(), workspaceBytesPerImage / 1e6);
            for (PlanStep s : steps) out.printf(Locale.ROOT, "  %-" + nameWidth + "s  %s%n", s.name(), s.kernelLabel());
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("backend", backend.name().toLowerCase(Locale.ROOT));
            o.addProperty("workspace_bytes_per_image", workspaceBytesPerImage);
            JsonArray list = new JsonArray();
            for (PlanStep s : steps) {
                JsonObject step = new JsonObject();
                step.addProperty("name", s.name());
                step.addProperty("kernel", s.kernel());
                step.addProperty("backend", s.backend());
                if (s.channelRuns() > 0) step.addProperty("channel_runs", s.channelRuns());
                list.add(step);
            }
            o.add("steps", list);
            return o;
        }
    }

    private static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
