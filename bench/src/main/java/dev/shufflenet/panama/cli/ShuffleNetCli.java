package dev.shufflenet.panama.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code shufflenet} command: {@code info}, {@code run}, {@code export}, {@code bench} and {@code profile}.
 * Exit codes: 0 success, 2 bad arguments (with usage) or bad input files (one line), 1 internal error.
 */
@Command(name = "shufflenet",
        description = "ShuffleNet v1/v2 inference on the JDK Vector API: model facts, inference on raw tensors or"
                + " images, ONNX export, and a benchmark against ONNX Runtime.",
        subcommands = {InfoCommand.class, RunCommand.class, ExportCommand.class, BenchCommand.class,
                ProfileCommand.class},
        sortOptions = false)
public final class ShuffleNetCli implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with error messages.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: info, run, export, bench or profile");
    }

    /** The configured command line (also what the tests drive). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ShuffleNetCli());
        cl.setExecutionExceptionHandler(new CliErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
