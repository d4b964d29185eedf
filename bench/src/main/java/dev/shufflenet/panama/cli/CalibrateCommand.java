package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.tuning.CalibrationProfile;
import dev.shufflenet.panama.tuning.GemmCandidate;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The auto backend's calibration by hand: run it ahead of time for some models, show this machine's
 * profile, or clear it so that the next compile measures again.
 */
@Command(name = "calibrate", sortOptions = false,
        description = {"Time the GEMM backends on a model's layer shapes now, instead of at the first compile with"
                + " --backend auto, and save the answers in this machine's profile; or --show or --clear that profile."})
final class CalibrateCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    Action action = new Action();

    static final class Action {
        @Option(names = {"--model", "--arch"}, split = ",", paramLabel = "MODEL",
                description = "Built-in names or ONNX files to calibrate for; repeat or separate with commas"
                        + " (default: v2-1.0).")
        List<String> models;

        @Option(names = "--show", description = "Print where this machine's profile is and what it holds.")
        boolean show;

        @Option(names = "--clear", description = "Delete this machine's profile.")
        boolean clear;
    }

    @Mixin
    InputSizeOptions size;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
            description = "Largest batch to calibrate for (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    LenientOption lenientOption;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        CalibrationProfile profile = CalibrationProfile.forThisMachine();
        String where = profile.file().map(Object::toString).orElse("(in memory only: no writable profile directory,"
                + " or -Dshufflenet.profile=off)");
        if (action.show) {
            Map<String, GemmCandidate> entries = profile.entries();
            out.println("profile: " + where);
            out.println(entries.size() + " layer shape" + (entries.size() == 1 ? "" : "s")
                    + " (GEMM MxKxPixels, .gG for G groups of M x K, or one-pixel layer MxK -> fastest implementation)");
            // Keys are gemm.MxKxP or gemv.MxK (CalibrationProfile).
            entries.forEach((k, v) -> out.println("  " + k.substring(k.indexOf('.') + 1) + " -> " + v.id()));
        } else if (action.clear) {
            boolean deleted = profile.clear();
            out.println(deleted ? "deleted " + where : "nothing to delete: no profile at " + where);
        } else {
            if (batch <= 0) throw new CommandLine.ParameterException(cl, "--batch must be positive, found " + batch);
            List<String> names = action.models == null || action.models.isEmpty() ? List.of("v2-1.0") : action.models;
            for (String m : names) ModelArgument.check(cl, "--model", m);
            for (String m : names) {
                Graph graph = ModelArgument.resolve(cl, "--model", m, lenientOption.lenient);
                int[] hw = size.resolve(cl, graph);
                int before = profile.entries().size();
                CalibrationProfile after = ShuffleNet.calibrate(graph, CompileOptions.defaults()
                        .withInputSize(hw[0], hw[1]).withMaxBatch(batch));
                profile = after;
                out.printf(java.util.Locale.ROOT, "%s at %dx%d: %d new layer shape(s), %d in the profile%n", m, hw[0],
                        hw[1], after.entries().size() - before, after.entries().size());
            }
            out.println("profile: " + where);
        }
        out.flush();
        return 0;
    }
}
