package dev.shufflenet.panama.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shufflenet.panama.onnx.OnnxImporter;
import dev.shufflenet.panama.onnx.OnnxModel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The importer's half of the fuzzing contract (issue 12), driven by Jazzer: any bytes either import, in
 * strict and lenient mode alike (strict never tolerating anything, lenient at least what strict accepts),
 * or are refused with an IllegalArgumentException that has a message. Any other exception or Error is a
 * finding, which Jazzer reports with the input that caused it.
 *
 * <p>In a plain {@code mvn verify} this runs in Jazzer's regression mode: the committed inputs under
 * {@code src/test/resources/dev/shufflenet/panama/fuzz/OnnxImporterFuzzTestInputs/importsOrRefusesCleanly/}
 * (small valid graphs, and whatever crashing input a fuzzing run found) plus the empty input. With
 * {@code JAZZER_FUZZ=1} it fuzzes coverage-guided for {@code maxDuration}, starting from those inputs; see
 * docs/fuzzing.md. OnnxFuzzTest covers what this does not: the compiler, the runtime and ONNX Runtime.
 */
class OnnxImporterFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void importsOrRefusesCleanly(byte[] bytes) {
        OnnxModel strict = importOrNull(bytes, OnnxImporter.Options.strict());
        OnnxModel lenient = importOrNull(bytes, OnnxImporter.Options.lenient());
        if (strict != null) {
            assertFalse(strict.tolerated().stream().findAny().isPresent(), "a strict import tolerates nothing");
            assertNotNull(lenient, "lenient import must accept what strict import accepts");
        }
    }

    private static OnnxModel importOrNull(byte[] bytes, OnnxImporter.Options options) {
        try {
            return OnnxImporter.readModel(bytes, "jazzer.onnx", options);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank())
                throw new AssertionError("refusal without a message", e);
            return null;
        }
    }
}
