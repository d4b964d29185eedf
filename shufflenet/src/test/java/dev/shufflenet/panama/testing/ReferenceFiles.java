package dev.shufflenet.panama.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared reference files (ONNX model, input and PyTorch's output), which live outside
 * the repository in {@code shared/reference} beside the checkout. The system property
 * {@code shufflenet.reference.dir} overrides the search; otherwise the directories from the working
 * directory upwards are tried, each for a {@code shared/reference} child.
 */
public final class ReferenceFiles {
    public static final String PROPERTY = "shufflenet.reference.dir";

    public static final String V2_MODEL = "shufflenet_v2_x1_0.onnx";
    public static final String V2_INPUT = "shufflenet_v2_x1_0.input.f32";
    public static final String V2_TORCH_OUTPUT = "shufflenet_v2_x1_0.torch_out.f32";

    private static Path dir;

    private ReferenceFiles() {}

    /** The reference directory; fails with instructions when it cannot be found. */
    public static synchronized Path dir() {
        if (dir == null) dir = locate();
        return dir;
    }

    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) throw new IllegalStateException("reference file " + p + " is missing");
        return p;
    }

    /** A float32 little-endian file holding exactly {@code expectedCount} values. */
    public static float[] readFloats(String name, int expectedCount) {
        Path p = file(name);
        try {
            byte[] bytes = Files.readAllBytes(p);
            if (bytes.length != expectedCount * 4L)
                throw new IllegalStateException(p + " has " + bytes.length + " bytes, expected " + expectedCount
                        + " float32 values = " + expectedCount * 4L + " bytes");
            float[] out = new float[expectedCount];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath();
            if (!Files.isDirectory(p))
                throw new IllegalStateException("-D" + PROPERTY + "=" + override + " is not a directory");
            return p;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("reference");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("no shared/reference directory found in " + start + " or above it; the"
                + " reference files live in shared/reference beside the checkout, or pass -D" + PROPERTY + "=DIR");
    }
}
