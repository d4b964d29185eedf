package dev.shufflenet.panama.bindings;

/** Where a native library in use came from, or why none was looked for. */
public enum NativeSource {
    /** Extracted from a jar on the class path (OpenBLAS from org.bytedeco:openblas, the ACL shim from bindings). */
    BUNDLED,
    /** A file named by {@code -Dshufflenet.<lib>.path} or the library's environment variable. */
    OVERRIDE,
    /** Found in a directory: the jar's, {@code java.library.path} or the usual system library directories. */
    SYSTEM,
    /** Switched off with {@code -Dshufflenet.<lib>=off}: nothing loaded, and nothing to warn about. */
    DISABLED,
    /** The library does not exist for this platform (the ACL shim off linux-aarch64): nothing to warn about. */
    ABSENT,
    /** Looked for and not found, or a setting was wrong. */
    NONE
}
