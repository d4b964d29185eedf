package dev.shufflenet.panama.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * ONNX Runtime is an optional peer: its native library may be missing for this OS or CPU, or fail to
 * load. This holds either the environment or the reason there is none, so the benchmark can report our
 * engine alone and say why.
 */
public record OnnxRuntimeAvailability(OrtEnvironment environment, String version, String unavailableReason) {

    public boolean available() { return environment != null; }

    /** Loads ONNX Runtime (its native library loads on first use); never throws. */
    public static OnnxRuntimeAvailability load() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "shufflenet-bench");
            return new OnnxRuntimeAvailability(env, env.getVersion(), null);
        } catch (Exception | LinkageError e) {
            // UnsatisfiedLinkError / NoClassDefFoundError when the native library is absent, OrtException when it fails.
            return new OnnxRuntimeAvailability(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
