package dev.shufflenet.panama.packaging;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.graph.Graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main class of the packaging integration tests' child JVMs: imports torchvision's ShuffleNet v2 1.0x
 * from its ONNX file with the library as a user gets it (the shaded jar), runs the reference input, and
 * compares with PyTorch's logits. Self-contained (JDK and the library only), because
 * {@link LibraryOnModulePathIT} also compiles it into a named module of its own.
 *
 * <p>Arguments: the reference directory, and the backend. Prints what the tests check (the modules the
 * library and this class are in, where {@code com.google.protobuf.Message} comes from, the error) and exits
 * with 1 when the logits disagree.
 */
public final class ReferenceRun {
    private static final int BATCH = 2;
    private static final int CLASSES = 1000;
    /** README of the reference data: a float32 runtime lands within about 1e-5 of the largest logit; 1e-4 is generous. */
    private static final double RELATIVE_TOLERANCE = 1e-4;

    private ReferenceRun() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Backend backend = Backend.valueOf(args[1]);
        System.out.println("library module: " + describe(ShuffleNet.class.getModule()));
        System.out.println("probe module: " + describe(ReferenceRun.class.getModule()));
        System.out.println("shufflenet modules in the boot layer: " + ModuleLayer.boot().modules().stream()
                .map(Module::getName).filter(n -> n.startsWith("dev.shufflenet")).sorted().toList());
        System.out.println("application protobuf: " + applicationProtobuf());

        Graph graph = ShuffleNet.load(dir.resolve("shufflenet_v2_x1_0.onnx"));
        float[] input = readFloats(dir.resolve("shufflenet_v2_x1_0.input.f32"), BATCH * 3 * 224 * 224);
        float[] expected = readFloats(dir.resolve("shufflenet_v2_x1_0.torch_out.f32"), BATCH * CLASSES);
        float[] logits;
        CompileOptions options = CompileOptions.defaults().withMaxBatch(BATCH).withThreads(1).withBackend(backend);
        try (CompiledModel model = CompiledModel.compile(graph, options)) {
            logits = model.run(input, BATCH);
        }
        double largest = 0, worst = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
        }
        double bound = RELATIVE_TOLERANCE * largest;
        System.out.printf("logits: max error %.3g, bound %.3g%n", worst, bound);
        if (!(worst <= bound)) {
            System.out.println("MISMATCH with PyTorch's logits");
            System.exit(1);
        }
        System.out.println("AGREES with PyTorch's logits");
    }

    private static String describe(Module m) {
        return m.isNamed() ? m.getName() : "unnamed";
    }

    /** The protobuf-java the application itself sees (none, or the one the test put first on the class path). */
    private static String applicationProtobuf() {
        try {
            Class<?> message = Class.forName("com.google.protobuf.Message", false, ClassLoader.getSystemClassLoader());
            var source = message.getProtectionDomain().getCodeSource();
            return source == null ? "unknown location" : source.getLocation().getPath();
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    private static float[] readFloats(Path file, int expectedCount) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != expectedCount * Float.BYTES)
            throw new IOException(file + ": expected " + expectedCount * Float.BYTES + " bytes, found " + bytes.length);
        float[] out = new float[expectedCount];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
