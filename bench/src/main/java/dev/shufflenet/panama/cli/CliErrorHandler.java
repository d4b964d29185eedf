package dev.shufflenet.panama.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Turns an exception escaping a subcommand into one line on standard error and an exit code: 2 for bad
 * input (our {@link UserInputException}, the library's {@link IllegalArgumentException}s, I/O errors),
 * 1 for anything else, which would be a bug. The stack trace is printed only with {@code --verbose}.
 * (Bad arguments never get here: picocli reports those with the usage text, also with exit code 2.)
 */
final class CliErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean verbose = verboseRequested(parseResult);
        boolean badInput = ex instanceof UserInputException || ex instanceof IllegalArgumentException
                || ex instanceof IOException || ex instanceof UncheckedIOException;
        String message = badInput ? describe(ex) : "internal error: " + ex;
        String hint = !badInput && !verbose ? " (rerun with --verbose for the stack trace)" : "";
        err.println(cl.getCommandSpec().qualifiedName() + ": " + message + hint);
        if (verbose) ex.printStackTrace(err);
        err.flush();
        return badInput ? BAD_INPUT : INTERNAL_ERROR;
    }

    /** Whether --verbose was given at any level (it is inherited, so it may follow the subcommand). */
    private static boolean verboseRequested(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand())
            if (r.hasMatchedOption("--verbose")) return true;
        return false;
    }

    private static String describe(Exception ex) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        return FileErrors.describe(e);
    }
}
