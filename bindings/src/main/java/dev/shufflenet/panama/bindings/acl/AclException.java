package dev.shufflenet.panama.bindings.acl;

/** A call into the ACL shim failed; {@link #code()} is its status code, the message the shim's explanation. */
public final class AclException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    AclException(String function, int code, String detail) {
        super(function + " failed with " + codeName(code) + ": " + detail);
        this.code = code;
    }

    /** One of the {@code SHUFFLENET_ACL_*} status codes of {@code shufflenet_acl.h}. */
    public int code() {
        return code;
    }

    static String codeName(int code) {
        return switch (code) {
            case 0 -> "OK";
            case 1 -> "INVALID_ARGUMENT";
            case 2 -> "UNSUPPORTED";
            case 3 -> "OUT_OF_MEMORY";
            case 4 -> "INTERNAL";
            default -> "unknown status " + code;
        };
    }

    /** Throws with the calling thread's last shim error unless {@code code} is OK. */
    static void check(String function, int code) {
        if (code != 0) throw new AclException(function, code, AclLibrary.string(shufflenet_acl_h.shufflenet_acl_last_error()));
    }
}
