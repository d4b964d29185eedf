package dev.shufflenet.panama.bindings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads shared libraries by absolute path, in the order given, into the class loader of this module.
 *
 * <p>Why {@link System#load} and not {@code SymbolLookup.libraryLookup}: the jextract-generated binding
 * classes look symbols up with {@code SymbolLookup.loaderLookup()}, which sees exactly the libraries that
 * {@code System.load} attached to their class loader. Loading here therefore feeds the generated code
 * without editing it. Libraries loaded this way stay for the life of the JVM (they cannot be unloaded).
 *
 * <p>Why the order matters: a library's dependencies are found by soname among the libraries already in
 * the process before the search path is consulted. Loading a bundled {@code libgfortran.so.5} by path
 * first makes {@code libopenblas.so.0} use that copy rather than whatever the system has (or lacks).
 */
public final class NativeLibraryLoader {
    private NativeLibraryLoader() {}

    /** The outcome of {@link #loadAll}: success, or the library that failed and why. */
    public record Result(boolean loaded, Path failed, String reason) {
        static final Result OK = new Result(true, null, null);
    }

    /**
     * Loads each library in turn and stops at the first failure. Never throws for a library that is
     * missing or cannot be loaded: the reason comes back in the result.
     */
    public static Result loadAll(List<Path> libraries) {
        for (Path library : libraries) {
            Path absolute = library.toAbsolutePath();
            if (!Files.isRegularFile(absolute))
                return new Result(false, absolute, absolute + " does not exist or is not a regular file");
            String problem = LINUX ? NativeFileCheck.problem(absolute, System.getProperty("os.arch", "")) : null;
            if (problem != null) return new Result(false, absolute, problem);
            try {
                System.load(absolute.toString());
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return new Result(false, absolute, "loading " + absolute + " failed: " + e.getMessage());
            }
        }
        return Result.OK;
    }

    /**
     * On Linux every file is checked before dlopen sees it ({@link NativeFileCheck}): a {@code libopenblas.so} that
     * is a linker script, a truncated copy or a foreign build then gets a clear reason instead of a loader error,
     * or a SIGBUS when the truncated tail is first touched.
     */
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
}
