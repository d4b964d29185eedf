package dev.shufflenet.panama.cli;

import picocli.CommandLine.Option;

/**
 * {@code --lenient} of every command that loads an ONNX file: import with
 * {@code OnnxImporter.Options.lenient()}, so that a slightly broken file (a duplicate node name, an
 * ir_version newer than any published, a NaN weight, ...) still runs, and print each rule it tolerated on
 * stderr, one line each, so that the user learns what is wrong with the file. Built-in models ignore it.
 */
final class LenientOption {
    @Option(names = "--lenient", description = "Import ONNX files leniently: accept what ONNX Runtime's checker"
            + " refuses where it does not change the result (and non-finite weights), printing each tolerated"
            + " rule on stderr.")
    boolean lenient;
}
