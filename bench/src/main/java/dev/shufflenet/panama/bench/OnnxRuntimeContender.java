package dev.shufflenet.panama.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * ONNX Runtime's CPU execution provider on the same ONNX graph, configured the way one would deploy it:
 * all graph optimizations, {@code threads} intra-op threads, one inter-op thread, sequential execution.
 * Input and output live in direct buffers created once (the output is a pinned tensor ORT writes into),
 * so the timed call is ORT's run and nothing of Java's marshalling.
 */
final class OnnxRuntimeContender implements Contender {
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final FloatBuffer outputBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinnedOutputs;

    /** @param inputShape [batch, channels, height, width] of {@code input} */
    OnnxRuntimeContender(OrtEnvironment env, Path onnxFile, float[] input, long[] inputShape, int threads)
            throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession sess = null;
        OnnxTensor in = null;
        try {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            sess = env.createSession(onnxFile.toString(), opts);
            if (sess.getNumInputs() != 1 || sess.getNumOutputs() < 1)
                throw new IllegalArgumentException(onnxFile + ": expected one input and an output, found "
                        + sess.getNumInputs() + " inputs and " + sess.getNumOutputs() + " outputs");
            String inputName = sess.getInputNames().iterator().next();
            String outputName = sess.getOutputNames().iterator().next();
            in = OnnxTensor.createTensor(env, directCopy(input), inputShape.clone());
            // One ordinary run tells the output shape; later runs write into a tensor pinned to that shape.
            long[] outShape;
            try (OrtSession.Result first = sess.run(Map.of(inputName, in))) {
                outShape = ((OnnxTensor) first.get(0)).getInfo().getShape();
            }
            long outCount = 1;
            for (long d : outShape) outCount *= d;
            FloatBuffer outBuf = ByteBuffer.allocateDirect(Math.toIntExact(outCount * Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            this.outputTensor = OnnxTensor.createTensor(env, outBuf, outShape);
            this.outputBuffer = outBuf;
            this.inputs = Map.of(inputName, in);
            this.pinnedOutputs = Map.of(outputName, outputTensor);
            this.options = opts;
            this.session = sess;
            this.inputTensor = in;
        } catch (OrtException | RuntimeException e) {
            if (in != null) in.close();
            if (sess != null) sess.close();
            opts.close();
            throw e;
        }
    }

    private static FloatBuffer directCopy(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(values).flip();
        return b;
    }

    @Override public String engine() { return "onnxruntime"; }

    @Override public String backend() { return "cpu"; }

    @Override
    public void runOnce() throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs, pinnedOutputs)) {
            // The logits are in outputBuffer; the result owns nothing to release but its handle.
        }
    }

    @Override
    public float[] lastOutput() {
        float[] out = new float[outputBuffer.capacity()];
        outputBuffer.get(0, out);
        return out;
    }

    @Override
    public void close() throws OrtException {
        outputTensor.close();
        inputTensor.close();
        session.close();
        options.close();
    }
}
