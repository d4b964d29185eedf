package dev.shufflenet.panama;

/** Which implementation runs the GEMMs of pointwise convs and FC layers. */
public enum Backend {
    /** The Vector API kernels (always available). */
    JAVA,
    /** OpenBLAS through FFM; falls back to JAVA, with a warning, when the library is not loaded. */
    OPENBLAS,
    /** Arm Compute Library through the native shim (aarch64 only). */
    ACL,
    /** Per layer, whichever measured fastest on this machine (see the calibration). */
    AUTO;

    public static Backend parse(String s) {
        for (Backend b : values()) if (b.name().equalsIgnoreCase(s)) return b;
        throw new IllegalArgumentException("backend must be one of java, openblas, acl, auto; found '" + s + "'");
    }
}
