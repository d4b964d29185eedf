package dev.shufflenet.panama.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the torchvision reference files (ONNX model, input and PyTorch's output). They are test data of
 * this module ({@code src/test/resources/dev/shufflenet/panama/reference}, with their provenance in the
 * README there), found on the test class path, so a fresh clone needs nothing beside it. The system
 * property {@code shufflenet.reference.dir} points the tests at another copy.
 */
public final class ReferenceFiles {
    public static final String PROPERTY = "shufflenet.reference.dir";

    public static final String V2_MODEL = "shufflenet_v2_x1_0.onnx";
    public static final String V2_INPUT = "shufflenet_v2_x1_0.input.f32";
    public static final String V2_TORCH_OUTPUT = "shufflenet_v2_x1_0.torch_out.f32";

    private static final String RESOURCE_DIR = "/dev/shufflenet/panama/reference/";

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
        URL readme = ReferenceFiles.class.getResource(RESOURCE_DIR + "README.md");
        if (readme == null || !"file".equals(readme.getProtocol()))
            throw new IllegalStateException("the reference files are not on the test class path as files ("
                    + RESOURCE_DIR + "README.md: " + readme + "); run the tests through Maven, or pass -D"
                    + PROPERTY + "=DIR");
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot turn " + readme + " into a path", e);
        }
    }
}
