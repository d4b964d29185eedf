package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.classify.ImageNetLabels;
import dev.shufflenet.panama.classify.ImageNetPreprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void tensorFileRunWritesTheLibrarysLogits() throws IOException {
        float[] input = random(2 * 3 * 64 * 64, 7);
        Path in = write(dir.resolve("in.f32"), input);
        Path out = dir.resolve("out.f32");
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "2,3,64,64",
                "--output", out.toString(), "--threads", "1", "--backend", "java");
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(2L * 1000 * Float.BYTES, Files.size(out));
        float[] logits = read(out);
        for (float v : logits) assertTrue(Float.isFinite(v), "non-finite logit " + v);

        // The same compile options through the library directly: the same kernels run the same float
        // operations in the same order, so the logits are bit-identical.
        float[] expected;
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"), CompileOptions.defaults()
                .withInputSize(64, 64).withMaxBatch(2).withThreads(1).withBackend(Backend.JAVA))) {
            expected = m.run(input, 2);
        }
        assertArrayEquals(expected, logits);
        assertTrue(r.out().contains("[2, 1000]"), r.out());
    }

    @Test
    void wrongFileSizeNamesTheFileAndBothSizes() throws IOException {
        Path in = write(dir.resolve("short.f32"), new float[25]);
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "1,3,64,64",
                "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("short.f32"), r.err());
        assertTrue(r.err().contains("100 bytes") && r.err().contains("49152 bytes"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("o.f32")));
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path in = write(dir.resolve("short.f32"), new float[25]);
        CliRun r = CliRun.of("run", "--verbose", "--model", "v2-0.5", "--input", in.toString(), "--shape",
                "1,3,64,64", "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("UserInputException") && r.err().contains("\tat "), r.err());
    }

    @Test
    void missingInputFileIsOneLine() {
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", dir.resolve("nope.f32").toString(), "--shape",
                "1,3,64,64", "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("nope.f32: no such file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void malformedShapeIsAUsageError() throws IOException {
        Path in = write(dir.resolve("in.f32"), new float[12]);
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--shape", "1,3,64",
                "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("N,C,H,W") && r.err().contains("1,3,64"), r.err());
        assertTrue(r.err().contains("Usage:"), r.err());
    }

    @Test
    void inputWithoutShapeOrBothSourcesAreUsageErrors() throws IOException {
        Path in = write(dir.resolve("in.f32"), new float[12]);
        CliRun noShape = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--output", "o.f32");
        assertEquals(2, noShape.exitCode(), noShape.transcript());
        assertTrue(noShape.err().contains("--shape"), noShape.err());
        CliRun both = CliRun.of("run", "--model", "v2-0.5", "--input", in.toString(), "--image", "x.png");
        assertEquals(2, both.exitCode(), both.transcript());
        CliRun badBackend = CliRun.of("run", "--model", "v2-0.5", "--image", "x.png", "--backend", "cuda");
        assertEquals(2, badBackend.exitCode(), badBackend.transcript());
        assertTrue(badBackend.err().contains("cuda"), badBackend.err());
    }

    @Test
    void imageRunPrintsTopFiveClassesLabelsAndProbabilitiesAndSaysTheWeightsAreRandom() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(3);
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++) image.setRGB(x, y, random.nextInt(1 << 24));
        Path png = dir.resolve("noise.png");
        ImageIO.write(image, "png", png.toFile());

        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--image", png.toString(), "--backend", "java");
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.out().contains("noise.png:"), r.out());
        assertTrue(r.out().contains("NOTE: v2-0.5 has seeded random weights") && r.out().contains("Real weights"), r.out());

        // Reference: the library on the preprocessed image, and softmax computed here.
        float[] logits;
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"),
                CompileOptions.defaults().withBackend(Backend.JAVA))) {
            logits = m.run(ImageNetPreprocessing.transform(ImageIO.read(png.toFile())), 1);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double sum = 0;
        for (float v : logits) sum += Math.exp(v - max);

        Matcher rows = Pattern.compile("(?m)^\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+(-?[0-9.]+)  (.+)$").matcher(r.out());
        List<int[]> ranks = new ArrayList<>();
        double previous = 1;
        while (rows.find()) {
            int rank = Integer.parseInt(rows.group(1));
            int cls = Integer.parseInt(rows.group(2));
            double p = Double.parseDouble(rows.group(3));
            ranks.add(new int[] {rank, cls});
            assertEquals(ImageNetLabels.all().get(cls), rows.group(5), "label of class " + cls);
            // Printed with 6 decimals: a half unit of the last place is the tolerance.
            assertEquals(Math.exp(logits[cls] - max) / sum, p, 5e-7, "probability of class " + cls);
            assertTrue(p <= previous, "probabilities must not increase down the list");
            previous = p;
        }
        assertEquals(5, ranks.size(), r.out());
        int argmax = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[argmax]) argmax = i;
        assertEquals(argmax, ranks.get(0)[1], "rank 1 must be the largest logit");
    }

    @Test
    void fileThatIsNotOnnxIsOneLineNamingIt() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.onnx"), "this is not a protobuf");
        Path in = write(dir.resolve("in.f32"), new float[3 * 64 * 64]);
        CliRun r = CliRun.of("run", "--model", bogus.toString(), "--input", in.toString(), "--shape", "1,3,64,64",
                "--output", dir.resolve("o.f32").toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("bogus.onnx"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void unreadableImageIsOneLine() throws IOException {
        Path notAnImage = Files.writeString(dir.resolve("text.png"), "not a png");
        CliRun r = CliRun.of("run", "--model", "v2-0.5", "--image", notAnImage.toString());
        assertEquals(2, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("text.png"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    static float[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (random.nextDouble() * 2 - 1);
        return x;
    }

    static Path write(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Files.write(file, b.array());
    }

    static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
