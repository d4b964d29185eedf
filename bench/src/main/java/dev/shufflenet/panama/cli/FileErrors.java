package dev.shufflenet.panama.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * One line for an exception about a file that keeps its cause. The JDK's file exceptions carry only the
 * path as their message (the reason is in {@link FileSystemException#getReason()} or the type), and
 * ImageIO wraps failures in messages such as "Caught exception during read: " with the reason in the
 * cause; printing {@code getMessage()} alone loses exactly what the user needs.
 */
final class FileErrors {
    private FileErrors() {}

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) return n.getFile() + ": no such file";
        if (e instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof FileSystemException f)
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": "
                    + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getCause() != null ? describe(e.getCause()) : e.getClass().getSimpleName();
        // A message that ends in ": " (ImageIO's "Caught exception during read: ") says nothing by itself.
        if (m.strip().endsWith(":") && e.getCause() != null) return m.strip() + " " + describe(e.getCause());
        return m;
    }
}
