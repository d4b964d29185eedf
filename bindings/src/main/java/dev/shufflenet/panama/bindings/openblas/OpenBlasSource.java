package dev.shufflenet.panama.bindings.openblas;

/** Where the OpenBLAS in use came from, or was looked for. */
public enum OpenBlasSource {
    /** Extracted from the org.bytedeco:openblas jar on the class path (the default). */
    BUNDLED,
    /** A path given with {@code -Dshufflenet.openblas.path} or {@code $SHUFFLENET_OPENBLAS}. */
    OVERRIDE,
    /** Found in the usual library directories (for example Debian's libopenblas0-pthread). */
    SYSTEM,
    /** Switched off with {@code -Dshufflenet.openblas=off}. */
    DISABLED,
    /** Nothing to load was found. */
    NONE
}
