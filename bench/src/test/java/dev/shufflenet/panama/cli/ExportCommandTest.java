package dev.shufflenet.panama.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {
    @TempDir
    Path dir;

    /**
     * The exported file, run by ONNX Runtime, gives our logits. Tolerance 1e-4 of the largest logit:
     * both engines compute the same float32 network but sum in different orders (blocked GEMMs, fused
     * batch norm), and each logit ends sums of up to ~1e3 products (1024-feature classifier, 3x3x232
     * convolutions) over ~20 layers; float32 reassociation over 1e3 terms costs about sqrt(1e3) x 6e-8
     * = 2e-6 relative per layer, so 1e-4 leaves room for that and still catches a wrong op or weight.
     */
    @Test
    void onnxRuntimeRunsTheExportAndAgreesWithUs() throws Exception {
        Path onnx = dir.resolve("v2-0.5.onnx");
        CliRun r = CliRun.of("export", "--arch", "v2-0.5", "--out", onnx.toString());
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(Files.size(onnx) > 1_000_000, "weights of 1.37M parameters belong in the file");

        int n = 2, h = 64, w = 64;
        float[] input = RunCommandTest.random(n * 3 * h * w, 5);
        float[] ours;
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), CompileOptions.defaults()
                .withInputSize(h, w).withMaxBatch(n).withBackend(Backend.JAVA))) {
            ours = m.run(input, n);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] theirs;
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, 3, h, w});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            theirs = new float[out.remaining()];
            out.get(theirs);
        }
        assertEquals(ours.length, theirs.length);
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < ours.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(theirs[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
        }
        assertTrue(maxAbs > 0, "ORT produced all-zero logits");
        assertTrue(maxDiff <= 1e-4 * maxAbs, "max |ours - ORT| " + maxDiff + " exceeds 1e-4 x max |logit| " + maxAbs);
    }

    @Test
    void exportNeedsABuiltInName() {
        CliRun r = CliRun.of("export", "--arch", "resnet50", "--out", dir.resolve("x.onnx").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("resnet50") && r.err().contains("v2-0.5"), r.err());
    }

    @Test
    void missingDirectoryIsOneLine() {
        CliRun r = CliRun.of("export", "--arch", "v2-0.5", "--out", dir.resolve("no/such/dir/x.onnx").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
