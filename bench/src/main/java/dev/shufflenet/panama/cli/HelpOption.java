package dev.shufflenet.panama.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} of every subcommand. A mixin rather than an inherited option: picocli's
 * {@code help} command has its own {@code -h}, which an inherited one would collide with.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
}
