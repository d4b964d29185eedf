package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.shufflenet.panama.onnx.proto.OnnxProto.TensorProto;
import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.shufflenet.panama.onnx.OnnxTestModels.attr;
import static dev.shufflenet.panama.onnx.OnnxTestModels.attrInts;
import static dev.shufflenet.panama.onnx.OnnxTestModels.model;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files the importer must refuse, each with a message that says where and what. */
class OnnxImportErrorsTest {
    private static final long DYN = -1;

    private static String failure(byte[] bytes) {
        return assertThrows(OnnxImportException.class, () -> OnnxImporter.read(bytes, "bad.onnx")).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    @Test
    void randomBytesAreNotOnnx() {
        byte[] junk = new byte[1000];
        new Random(1).nextBytes(junk);
        assertMentions(failure(junk), "bad.onnx", "not an ONNX model");
    }

    @Test
    void textAndEmptyFilesAreNotOnnx() {
        assertMentions(failure("hello, this is not a model\n".getBytes(StandardCharsets.UTF_8)), "bad.onnx", "not an ONNX model");
        assertMentions(failure(new byte[0]), "not an ONNX model", "no graph");
    }

    @Test
    void truncatedModelIsRefused() throws IOException {
        byte[] full = Files.readAllBytes(ReferenceFiles.file(ReferenceFiles.V2_MODEL));
        assertMentions(failure(Arrays.copyOf(full, full.length / 2)), "bad.onnx", "not an ONNX model");
    }

    @Test
    void loadNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("garbage.onnx");
        Files.writeString(file, "garbage");
        String message = assertThrows(OnnxImportException.class, () -> OnnxImporter.load(file)).getMessage();
        assertMentions(message, file.toString());
        assertThrows(IOException.class, () -> OnnxImporter.load(dir.resolve("missing.onnx")));
    }

    @Test
    void unsupportedOperatorNamesNodeAndOp() {
        byte[] m = model(17).input("x", DYN, 3, DYN, DYN)
                .node("LeakyRelu", "act1", List.of("x"), attr("alpha", 0.1f)).output("act1").bytes();
        assertMentions(failure(m), "bad.onnx", "'act1'", "LeakyRelu", "unsupported operator");
    }

    @Test
    void dilatedConvolutionIsRefused() {
        byte[] m = model(17).input("x", DYN, 2, DYN, DYN)
                .floats("W", new long[] {2, 2, 3, 3}, new float[36])
                .node("Conv", "atrous", List.of("x", "W"), attrInts("dilations", 2, 2)).output("atrous").bytes();
        assertMentions(failure(m), "'atrous'", "Conv", "dilations", "expected [1, 1]", "found [2, 2]");
    }

    @Test
    void externalDataIsRefused() {
        TensorProto external = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(List.of(2L, 2L, 1L, 1L)).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                .build();
        byte[] m = model(17).input("x", DYN, 2, DYN, DYN).initializer(external)
                .node("Conv", "conv", List.of("x", "W")).output("conv").bytes();
        assertMentions(failure(m), "bad.onnx", "'W'", "external", "weights.bin");
    }

    @Test
    void unknownAttributeIsRefused() {
        byte[] m = model(17).input("x", DYN, 2, DYN, DYN)
                .floats("W", new long[] {2, 2, 1, 1}, new float[4])
                .node("Conv", "conv", List.of("x", "W"), attr("fancy_mode", 1L)).output("conv").bytes();
        assertMentions(failure(m), "'conv'", "fancy_mode");
    }

    @Test
    void weightWithTheWrongByteCountIsRefused() {
        TensorProto w = OnnxTensors.encodeFloats("W", new long[] {2, 2, 1, 1}, new float[3]);
        byte[] m = model(17).input("x", DYN, 2, DYN, DYN).initializer(w)
                .node("Conv", "conv", List.of("x", "W")).output("conv").bytes();
        assertMentions(failure(m), "'W'", "raw_data has 12 bytes", "expected 4 x 4 = 16");
    }

    @Test
    void weightThatDoesNotFitTheInputIsRefused() {
        byte[] m = model(17).input("x", DYN, 3, DYN, DYN)
                .floats("W", new long[] {4, 2, 1, 1}, new float[8])
                .node("Conv", "conv", List.of("x", "W")).output("conv").bytes();
        assertMentions(failure(m), "'conv'", "expects 2 input channels", "[1, 3, 224, 224]");
    }

    @Test
    void graphInputMustBeOneFloatImage() {
        byte[] twoInputs = model(17).input("x", DYN, 3, DYN, DYN).input("y", DYN, 3, DYN, DYN)
                .node("Add", "sum", List.of("x", "y")).output("sum").bytes();
        assertMentions(failure(twoInputs), "exactly one graph input", "[x, y]");
        byte[] rank3 = model(17).input("x", DYN, 3, DYN)
                .node("Relu", "r", List.of("x")).output("r").bytes();
        assertMentions(failure(rank3), "'x'", "rank 4", "found rank 3");
        byte[] dynamicChannels = model(17).input("x", DYN, DYN, DYN, DYN)
                .node("Relu", "r", List.of("x")).output("r").bytes();
        assertMentions(failure(dynamicChannels), "fixed channel count");
    }

    @Test
    void reshapeOutsideTheKnownPatternsIsRefused() {
        byte[] m = model(17).input("x", DYN, 4, 6, 6).ints("shape", 1, 4, 36)
                .node("Reshape", "odd", List.of("x", "shape")).output("odd").bytes();
        assertMentions(failure(m), "'odd'", "Reshape from [1, 4, 6, 6] to [1, 4, 36]", "channel shuffle");
    }

    @Test
    void shuffleWithTheWrongPermutationIsRefused() {
        byte[] m = model(17).input("x", 1, 4, 6, 6).ints("g", 1, 2, 2, 6, 6)
                .node("Reshape", "group", List.of("x", "g"))
                .node("Transpose", "t", List.of("group"), attrInts("perm", 0, 1, 2, 4, 3)).output("t").bytes();
        assertMentions(failure(m), "'t'", "Transpose", "needs perm [0, 2, 1, 3, 4]", "found [0, 1, 2, 4, 3]");
    }

    @Test
    void groupedViewUsedOutsideTheShuffleIsRefused() {
        byte[] m = model(17).input("x", 1, 4, 6, 6).ints("g", 1, 2, 2, 6, 6)
                .node("Reshape", "group", List.of("x", "g"))
                .node("Relu", "r", List.of("group")).output("r").bytes();
        assertMentions(failure(m), "'r'", "Relu", "first step of a channel shuffle");
    }

    @Test
    void sliceThatIsWholeOnlyAtTheProbeBatchIsRefused() {
        byte[] m = model(17).input("x", DYN, 4, DYN, DYN).ints("s", 0, 0).ints("e", 1, 2).ints("a", 0, 1)
                .node("Slice", "first_image", List.of("x", "s", "e", "a")).output("first_image").bytes();
        assertMentions(failure(m), "'first_image'", "ends axis 0 at 1", "dynamic");
    }

    @Test
    void ceilModeThatChangesTheSizeIsRefused() {
        byte[] m = model(17).input("x", DYN, 3, DYN, DYN)
                .node("MaxPool", "pool", List.of("x"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
                        attr("ceil_mode", 1L)).output("pool").bytes();
        assertMentions(failure(m), "'pool'", "ceil_mode=1", "dynamic input size");
    }

    @Test
    void ceilModeOnAFixedSizeWhereItChangesNothingIsAccepted() {
        // (9 - 3) / 2 is exact, so ceil and floor give the same 4x4 output
        byte[] m = model(17).input("x", 1, 3, 9, 9)
                .node("MaxPool", "pool", List.of("x"), attrInts("kernel_shape", 3, 3), attrInts("strides", 2, 2),
                        attr("ceil_mode", 1L)).output("pool").bytes();
        OnnxImporter.read(m, "ok.onnx");
    }

    @Test
    void samePaddingThatDependsOnTheInputSizeIsRefused() {
        byte[] m = model(17).input("x", DYN, 2, DYN, DYN)
                .floats("W", new long[] {2, 2, 3, 3}, new float[36])
                .node("Conv", "conv", List.of("x", "W"), attr("auto_pad", "SAME_UPPER"), attrInts("strides", 2, 2))
                .output("conv").bytes();
        assertMentions(failure(m), "'conv'", "auto_pad=SAME_UPPER", "stride 2", "not fixed");
    }

    @Test
    void broadcastingAddOfTensorsIsRefused() {
        byte[] m = model(17).input("x", DYN, 4, DYN, DYN).floats("b", new long[] {1, 4, 1, 1}, new float[4])
                .node("Add", "plus", List.of("x", "b")).output("plus").bytes();
        assertMentions(failure(m), "'plus'", "Add", "constant");
    }

    @Test
    void newerOpsetAndForeignDomainAreRefused() {
        byte[] future = model(99).input("x", DYN, 4, DYN, DYN).node("Relu", "r", List.of("x")).output("r").bytes();
        assertMentions(failure(future), "opset 99", "expected 1 to 23");
        var proto = model(17).input("x", DYN, 4, DYN, DYN).node("Relu", "r", List.of("x")).output("r").build();
        var foreign = proto.toBuilder();
        foreign.getGraphBuilder().getNodeBuilder(0).setDomain("com.microsoft");
        assertMentions(failure(foreign.build().toByteArray()), "'r'", "com.microsoft");
    }

    @Test
    void unusedTrainingOutputIsFineButUsingItIsNot() {
        float[] ones = {1, 1}, zeros = {0, 0};
        byte[] m = model(9).input("x", DYN, 2, DYN, DYN)
                .floats("s", new long[] {2}, ones).floats("b", new long[] {2}, zeros)
                .floats("m", new long[] {2}, zeros).floats("v", new long[] {2}, ones)
                .node("BatchNormalization", "bn", List.of("x", "s", "b", "m", "v"), List.of("y", "running_mean"))
                .node("Relu", "r", List.of("running_mean")).output("r").bytes();
        assertMentions(failure(m), "'r'", "running_mean", "training-time output of BatchNormalization");
    }
}
