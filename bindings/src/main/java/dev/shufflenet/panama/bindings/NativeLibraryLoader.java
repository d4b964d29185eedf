package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
            String notElf = notElf(absolute);
            if (notElf != null) return new Result(false, absolute, notElf);
            try {
                System.load(absolute.toString());
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return new Result(false, absolute, "loading " + absolute + " failed: " + e.getMessage());
            }
        }
        return Result.OK;
    }

    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    /**
     * On Linux, refuses a file that is not ELF before dlopen sees it: a {@code libopenblas.so} that is a
     * linker script, or any text file, then gets a clear reason (and HotSpot does not print its
     * executable-stack warning about a failed load).
     */
    private static String notElf(Path file) {
        if (!LINUX) return null;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(ELF_MAGIC.length);
        } catch (IOException e) {
            return "cannot read " + file + ": " + e;
        }
        return Arrays.equals(head, ELF_MAGIC) ? null
                : file + " is not an ELF shared library (a linker script or text file?)";
    }
}
