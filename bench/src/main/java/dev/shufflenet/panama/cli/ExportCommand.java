package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.ShuffleNet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a built-in architecture, with its seeded weights, as a standard ONNX file other runtimes can load. */
@Command(name = "export", sortOptions = false,
        description = "Write a built-in model (seeded random weights) as an ONNX file.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = {"--model", "--arch"}, required = true, paramLabel = "MODEL", description = "Built-in model name, e.g. v2-1.0.")
    String arch;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "Where to write the ONNX model.")
    Path out;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        var graph = ModelArgument.builtIn(cl, "--model", arch);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new UserInputException(out + ": cannot write, directory " + parent + " does not exist");
        ShuffleNet.export(graph, out);
        cl.getOut().println("wrote " + arch + " to " + out + " (" + Files.size(out) + " bytes)");
        cl.getOut().flush();
        return 0;
    }
}
