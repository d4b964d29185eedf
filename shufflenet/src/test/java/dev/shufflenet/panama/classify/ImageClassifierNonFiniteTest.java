package dev.shufflenet.panama.classify;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.graph.GraphBuilder;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.Value;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN logits are refused, not ranked: NaN compares false, so a top-k over them would name an arbitrary
 * class with probability NaN. A decoded image is finite, so the model (here a NaN weight) is the cause.
 */
class ImageClassifierNonFiniteTest {
    @Test
    void nanWeightIsRefusedNamingTheImageAndClass() {
        float[] weight = {1, 0, 0, 0, 1, 0, Float.NaN, 0, 1}; // class 2 reads a NaN weight
        try (CompiledModel nan = compile(weight); CompiledModel finite = compile(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1})) {
            BufferedImage image = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
            List<Prediction> ok = new ImageClassifier(finite).classify(image, 3);
            assertEquals(3, ok.size());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new ImageClassifier(nan).classifyAll(List.of(image, image), 1));
            assertTrue(e.getMessage().contains("non-finite logit (NaN)") && e.getMessage().contains("image 0, class 2"),
                    e.getMessage());
        }
    }

    /** 3 x 224 x 224 -> global average pool -> a 3 x 3 linear layer: three "classes". */
    private static CompiledModel compile(float[] weight) {
        GraphBuilder b = new GraphBuilder("tiny", "x", 3);
        Value pooled = b.add("pool", new Op.GlobalAvgPool(false), b.input());
        Value logits = b.add("fc", new Op.Linear(3, 3, weight, new float[3]), pooled);
        return CompiledModel.compile(b.build(logits), CompileOptions.defaults().withMaxBatch(2).withBackend(Backend.JAVA));
    }
}
