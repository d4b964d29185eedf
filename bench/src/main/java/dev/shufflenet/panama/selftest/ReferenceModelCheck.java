package dev.shufflenet.panama.selftest;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.tuning.GemmCandidate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * torchvision's ShuffleNet v2 1.0x (seeded random weights, exported to ONNX) on the two reference images,
 * against the logits PyTorch computed: the same files and tolerance as the library's TorchvisionReferenceTest.
 * The CLI jar carries them as resources (bench's pom copies them from the library's test resources; their
 * provenance is in the README there): about 9.5 MB of the jar.
 */
final class ReferenceModelCheck {
    static final String RESOURCE_DIR = "/dev/shufflenet/panama/selftest/reference/";
    static final String MODEL = "shufflenet_v2_x1_0.onnx";
    static final String INPUT = "shufflenet_v2_x1_0.input.f32";
    static final String TORCH_OUTPUT = "shufflenet_v2_x1_0.torch_out.f32";
    /** The reference README: a correct float32 runtime lands within about 1e-5; 1e-4 of the largest logit. */
    static final double TOLERANCE = 1e-4;
    static final int IMAGES = 2, PIXELS = 3 * 224 * 224, CLASSES = 1000;

    private ReferenceModelCheck() {}

    /**
     * Once per loadable backend (java first), or with {@code quick} once on the Java kernels: not on auto, whose
     * first use on a machine calibrates the GEMM backends (seconds per layer shape, minutes under an emulator).
     */
    static List<ReferenceResult> run(boolean quick) {
        List<ReferenceResult> out = new ArrayList<>();
        Graph graph;
        float[] input, expected;
        try {
            Path onnx = Files.createTempFile("shufflenet-selftest-", ".onnx");
            try {
                try (InputStream in = resource(MODEL)) {
                    Files.copy(in, onnx, StandardCopyOption.REPLACE_EXISTING);
                }
                graph = ShuffleNet.load(onnx);
            } finally {
                Files.deleteIfExists(onnx);
            }
            input = floats(INPUT, IMAGES * PIXELS);
            expected = floats(TORCH_OUTPUT, IMAGES * CLASSES);
        } catch (IOException | RuntimeException e) {
            out.add(new ReferenceResult(MODEL, null, null, Double.NaN, TOLERANCE, false, "cannot load the reference: " + e));
            return out;
        }
        KernelSet kernels = KernelRegistry.best();
        List<Backend> backends = new ArrayList<>();
        if (quick) {
            backends.add(Backend.JAVA);
        } else {
            backends.add(Backend.JAVA);
            for (Backend b : List.of(Backend.OPENBLAS, Backend.ACL))
                if (GemmCandidate.parse(b.name().toLowerCase(Locale.ROOT)).kernel(kernels).isPresent()) backends.add(b);
        }
        for (Backend b : backends) out.add(check(graph, input, expected, b, kernels));
        return out;
    }

    static ReferenceResult check(Graph graph, float[] input, float[] expected, Backend backend, KernelSet kernels) {
        String id = backend.name().toLowerCase(Locale.ROOT);
        CompileOptions options = CompileOptions.defaults().withMaxBatch(IMAGES).withBackend(backend).withKernels(kernels);
        try (CompiledModel m = CompiledModel.compile(graph, options)) {
            float[] both = m.run(input, IMAGES);
            float[] second = new float[CLASSES];
            m.run(input, PIXELS, 1, second, 0);
            double scale = 0, worst = 0;
            for (float e : expected) scale = Math.max(scale, Math.abs(e));
            for (int i = 0; i < both.length; i++) worst = Math.max(worst, diff(both[i], expected[i]));
            for (int i = 0; i < CLASSES; i++) worst = Math.max(worst, diff(second[i], expected[CLASSES + i]));
            double rel = worst / scale;
            return new ReferenceResult(MODEL, id, kernels.name(), rel, TOLERANCE, rel <= TOLERANCE, null);
        } catch (RuntimeException e) {
            return new ReferenceResult(MODEL, id, kernels.name(), Double.NaN, TOLERANCE, false, e.toString());
        }
    }

    /** |a - b|, infinite where a is NaN (so that a NaN logit fails the bound). */
    private static double diff(float a, float b) {
        double d = Math.abs((double) a - b);
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ReferenceModelCheck.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) throw new IOException("resource " + RESOURCE_DIR + name + " is not in this jar");
        return in;
    }

    private static float[] floats(String name, int count) throws IOException {
        byte[] bytes;
        try (InputStream in = resource(name)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != count * 4L)
            throw new IOException(name + " has " + bytes.length + " bytes, expected " + count * 4L);
        float[] out = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
