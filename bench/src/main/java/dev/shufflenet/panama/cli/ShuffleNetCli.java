package dev.shufflenet.panama.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code shufflenet} command: {@code info}, {@code run}, {@code export}, {@code bench}, {@code profile},
 * {@code calibrate}, {@code paper}, {@code startup} and {@code help}; {@code --version}.
 * Exit codes: 0 success, 2 bad arguments (with usage) or bad input files (one line), 1 internal error.
 */
@Command(name = "shufflenet",
        description = "ShuffleNet v1/v2 inference on the JDK Vector API: model facts, inference on raw tensors or"
                + " images, ONNX export, and a benchmark against ONNX Runtime.",
        subcommands = {InfoCommand.class, RunCommand.class, ExportCommand.class, BenchCommand.class,
                ProfileCommand.class, CalibrateCommand.class, PaperCommand.class, StartupCommand.class,
                SelftestCommand.class,
                HelpCommand.class},
        versionProvider = VersionProvider.class,
        sortOptions = false)
public final class ShuffleNetCli implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true,
            description = "Print the version (project, commit, JDK, ONNX Runtime) and exit.")
    boolean version;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with error messages.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: info, run, export, bench, profile, calibrate, paper, startup, selftest or help");
    }

    /** The configured command line (also what the tests drive). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ShuffleNetCli());
        cl.setExecutionExceptionHandler(new CliErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        // The library logs through System.Logger (java.util.logging here): one line per message, not two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        System.exit(commandLine().execute(args));
    }
}
