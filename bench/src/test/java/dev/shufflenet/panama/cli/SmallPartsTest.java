package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The argument converters and the top-k softmax. */
class SmallPartsTest {

    @Test
    void shapeParsesFourPositiveIntegers() {
        NchwShape s = new NchwShape.Converter().convert("2,3,64,48");
        assertEquals(new NchwShape(2, 3, 64, 48), s);
        assertEquals(2L * 3 * 64 * 48 * 4, s.bytes());
        for (String bad : List.of("1,3,64", "1,3,64,64,1", "1,3,x,64", "0,3,64,64", "1,3,-2,64", ""))
            assertThrows(CommandLine.TypeConversionException.class, () -> new NchwShape.Converter().convert(bad), bad);
    }

    @Test
    void threadsAreAPositiveNumberOrAll() {
        ThreadCountConverter c = new ThreadCountConverter();
        assertEquals(3, c.convert("3"));
        assertEquals(Runtime.getRuntime().availableProcessors(), c.convert("all"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("0"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("many"));
    }

    @Test
    void topKOfKnownLogits() {
        // logits ln(1), ln(2), ln(3), ln(4) -> probabilities 0.1, 0.2, 0.3, 0.4; offset skips a first row.
        float[] logits = {9, 9, 9, 9, 0f, (float) Math.log(2), (float) Math.log(3), (float) Math.log(4)};
        List<TopK.Entry> top = TopK.of(logits, 4, 4, 3);
        assertEquals(List.of(3, 2, 1), top.stream().map(TopK.Entry::classIndex).toList());
        assertEquals(0.4, top.get(0).probability(), 1e-7); // float32 logits: ln values carry 1e-8 relative error
        assertEquals(0.3, top.get(1).probability(), 1e-7);
        assertEquals(0.2, top.get(2).probability(), 1e-7);
        // Huge logits must not overflow exp.
        List<TopK.Entry> big = TopK.of(new float[] {1000f, 1000f}, 0, 2, 5);
        assertEquals(2, big.size());
        assertEquals(0.5, big.get(0).probability(), 1e-12);
        assertEquals(0, big.get(0).classIndex(), "ties keep the lower index first");
    }
}
