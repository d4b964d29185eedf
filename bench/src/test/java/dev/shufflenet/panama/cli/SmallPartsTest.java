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
}
