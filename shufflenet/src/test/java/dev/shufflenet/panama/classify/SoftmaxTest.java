package dev.shufflenet.panama.classify;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.shufflenet.panama.testing.ReferenceFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SoftmaxTest {

    @Test
    void topKOfKnownLogits() {
        // logits ln(1), ln(2), ln(3), ln(4) -> probabilities 0.1, 0.2, 0.3, 0.4; offset skips a first row.
        float[] logits = {9, 9, 9, 9, 0f, (float) Math.log(2), (float) Math.log(3), (float) Math.log(4)};
        List<Prediction> top = Softmax.topK(logits, 4, 4, 3, i -> "c" + i);
        assertEquals(List.of(3, 2, 1), top.stream().map(Prediction::classIndex).toList());
        assertEquals(List.of("c3", "c2", "c1"), top.stream().map(Prediction::label).toList());
        assertEquals(0.4, top.get(0).probability(), 1e-7); // float32 logits: ln values carry 1e-8 relative error
        assertEquals(0.3, top.get(1).probability(), 1e-7);
        assertEquals(0.2, top.get(2).probability(), 1e-7);
        // Huge logits must not overflow exp.
        List<Prediction> big = Softmax.topK(new float[] {1000f, 1000f}, 0, 2, 5, i -> "x");
        assertEquals(2, big.size());
        assertEquals(0.5, big.get(0).probability(), 1e-12);
        assertEquals(0, big.get(0).classIndex(), "ties keep the lower index first");
        assertThrows(IllegalArgumentException.class, () -> Softmax.topK(logits, 6, 4, 1, i -> ""));
    }

    @Test
    void labelsAreTheThousandImageNetClassesInTorchvisionsOrder() throws Exception {
        // Against the reference copy in the test data (with its provenance), line by line.
        List<String> reference = Files.readAllLines(ReferenceFiles.dir().resolve("imagenet_classes.txt"));
        assertEquals(1000, ImageNetLabels.all().size());
        for (int i = 0; i < 1000; i++) assertEquals(reference.get(i).strip(), ImageNetLabels.of(i), "class " + i);
        assertEquals("tench", ImageNetLabels.of(0));
        assertEquals("toilet tissue", ImageNetLabels.of(999));
        assertThrows(IllegalArgumentException.class, () -> ImageNetLabels.of(1000));
        assertEquals("tench", Softmax.labelsFor(1000).apply(0));
        assertEquals("class 3", Softmax.labelsFor(10).apply(3));
    }
}
