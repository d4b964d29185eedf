package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import picocli.CommandLine;

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

    static Graph resolve(CommandLine cl, String option, String value) {
        check(cl, option, value);
        if (ShuffleNet.builtInNames().contains(value)) return ShuffleNet.builtIn(value);
        try {
            return ShuffleNet.load(Path.of(value));
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
