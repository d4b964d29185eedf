package dev.shufflenet.panama.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (the independent reference) on one float32 input. */
public final class OnnxRuntimeRunner {
    private OnnxRuntimeRunner() {}

    public static float[] run(byte[] model, float[] input, long... shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1); // the CI machine has 2 cores shared with other builds
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] y = new float[out.remaining()];
                out.get(y);
                return y;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }
}
