package dev.shufflenet.panama.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Raw little-endian float32 files (the format numpy's {@code arr.astype('<f4').tofile()} writes). */
final class Float32Files {
    private Float32Files() {}

    /**
     * Reads exactly {@code shape.floats()} floats; a file of any other size is refused with both sizes,
     * since a wrong shape would otherwise silently scramble the pixels.
     */
    static float[] read(Path file, NchwShape shape) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new UserInputException(file + ": not a regular file");
        long size = Files.size(file);
        if (size != shape.bytes())
            throw new UserInputException(file + ": has " + size + " bytes, but --shape " + shape + " needs "
                    + shape.bytes() + " bytes (" + shape.n() + " x " + shape.c() + " x " + shape.h() + " x " + shape.w()
                    + " float32 values x 4 bytes)");
        if (shape.floats() > Integer.MAX_VALUE - 8)
            throw new UserInputException(file + ": " + shape.floats() + " floats do not fit one Java array");
        float[] values = new float[(int) shape.floats()];
        ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    static void write(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }
}
