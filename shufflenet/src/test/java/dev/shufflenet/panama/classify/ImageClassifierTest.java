package dev.shufflenet.panama.classify;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A photo file to named classes in one call, against the same steps done by hand. */
class ImageClassifierTest {
    @TempDir Path dir;

    @Test
    void photoFileToLabelledTopFiveMatchesTheStepsByHand() throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(5);
        for (int y = 0; y < 240; y++) for (int x = 0; x < 320; x++) image.setRGB(x, y, random.nextInt(1 << 24));
        Path jpg = dir.resolve("photo.png");
        ImageIO.write(image, "png", jpg.toFile());
        List<String> names = Files.readAllLines(ReferenceFiles.dir().resolve("imagenet_classes.txt"));

        try (CompiledModel model = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"),
                CompileOptions.defaults().withBackend(Backend.JAVA))) {
            ImageClassifier classifier = new ImageClassifier(model);
            List<Prediction> top = classifier.classify(jpg, 5);

            float[] logits = model.run(ImageNetPreprocessing.transform(ImageIO.read(jpg.toFile())), 1);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) max = Math.max(max, v);
            double sum = 0;
            for (float v : logits) sum += Math.exp(v - max);
            Integer[] order = new Integer[1000];
            for (int i = 0; i < 1000; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));

            assertEquals(5, top.size());
            for (int r = 0; r < 5; r++) {
                Prediction p = top.get(r);
                assertEquals(order[r], p.classIndex(), "rank " + (r + 1));
                assertEquals(names.get(p.classIndex()).strip(), p.label());
                // Same logits, softmax in double both ways: equal to rounding.
                assertEquals(Math.exp(logits[p.classIndex()] - max) / sum, p.probability(), 1e-12);
            }
            assertTrue(classifier.syntheticWeights().orElseThrow().contains("seeded random weights"));
        }
    }

    @Test
    void aModelOfAnotherInputSizeIsRefused() {
        try (CompiledModel model = CompiledModel.compile(ShuffleNet.builtIn("v2-0.5"),
                CompileOptions.defaults().withInputSize(64, 64).withBackend(Backend.JAVA))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageClassifier(model));
            assertTrue(e.getMessage().contains("3 x 224 x 224") && e.getMessage().contains("3 x 64 x 64"), e.getMessage());
        }
    }
}
