package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.onnx.OnnxImporter;
import dev.shufflenet.panama.onnx.OnnxModel;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A --model or --arch value: a built-in architecture name, or the path of an ONNX file. A value that is
 * neither is a usage error (listing the names); a file that does not import is a bad-input error naming it.
 */
final class ModelArgument {
    private ModelArgument() {}

    /** Checks that the value names a built-in model or an existing file, without loading anything. */
    static void check(CommandLine cl, String option, String value) {
        if (ShuffleNet.builtInNames().contains(value)) return;
        Path path = Path.of(value);
        if (Files.isRegularFile(path)) return;
        // An existing path that is not a file: say what it is rather than "neither a model nor a file".
        if (Files.isDirectory(path))
            throw new CommandLine.ParameterException(cl, option + " '" + value + "' is a directory; expected an ONNX"
                    + " file or a built-in model (" + String.join(", ", ShuffleNet.builtInNames()) + ")");
        if (Files.exists(path))
            throw new CommandLine.ParameterException(cl, option + " '" + value + "' is not a regular file (a FIFO,"
                    + " socket or device); expected an ONNX file");
        throw new CommandLine.ParameterException(cl, option + " '" + value + "' is neither a built-in model "
                + "nor an existing ONNX file; built-in models: " + String.join(", ", ShuffleNet.builtInNames()));
    }

    /** Strict import of an ONNX file, or the built-in model. */
    static Graph resolve(CommandLine cl, String option, String value) {
        return resolve(cl, option, value, false);
    }

    /**
     * The built-in model, or the file imported strictly or (with --lenient) leniently; a lenient import
     * prints each rule it tolerated on stderr, one line each.
     */
    static Graph resolve(CommandLine cl, String option, String value, boolean lenient) {
        check(cl, option, value);
        if (ShuffleNet.builtInNames().contains(value)) return ShuffleNet.builtIn(value);
        try {
            OnnxModel model = OnnxImporter.loadModel(Path.of(value),
                    lenient ? OnnxImporter.Options.lenient() : OnnxImporter.Options.strict());
            PrintWriter err = cl.getErr();
            for (String t : model.tolerated()) err.println(cl.getCommandSpec().qualifiedName() + ": --lenient tolerated: " + t);
            err.flush();
            return model.graph();
        } catch (Exception e) {
            // The importer's messages usually name the file already; name it once, and keep the reason
            // (a permission denied, a size limit) that a bare file exception's message leaves out.
            String m = FileErrors.describe(e);
            throw new UserInputException(m != null && m.contains(value) ? m
                    : value + ": not an ONNX model this library can import: " + m, e);
        }
    }

    /** Only built-in names (for commands that build an architecture, like export). */
    static Graph builtIn(CommandLine cl, String option, String value) {
        if (!ShuffleNet.builtInNames().contains(value))
            throw new CommandLine.ParameterException(cl, option + " '" + value + "' is not a built-in model; built-in"
                    + " models: " + String.join(", ", ShuffleNet.builtInNames()));
        return ShuffleNet.builtIn(value);
    }
}
