package dev.shufflenet.panama.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad sizes are refused with a message naming the argument, the expected and the found numbers. */
class PointwiseConvArgumentsTest {
    static Stream<PointwiseConvKernel> kernels() {
        return Stream.of(new ScalarPointwiseConv(), new VectorPointwiseConv(4), new VectorPointwiseConv(2));
    }

    private static void assertRefused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments)
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void packRefusesWrongSizes(PointwiseConvKernel kernel) {
        assertRefused(() -> kernel.pack(new float[5], null, 2, 3), "weight", "6", "found 5");
        assertRefused(() -> kernel.pack(new float[6], new float[3], 2, 3), "bias", "2", "found 3");
        assertRefused(() -> kernel.pack(new float[0], null, 0, 3), "outChannels", "found 0");
        assertRefused(() -> kernel.pack(null, null, 2, 3), "weight", "found null");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void runRefusesViewsThatDoNotFit(PointwiseConvKernel kernel) {
        PointwiseConvKernel.PackedWeights w = kernel.pack(new float[6], null, 2, 3);
        float[] in = new float[3 * 4], out = new float[2 * 4];
        // 4 pixels of 3 input channels: 12 floats, so stride 4 needs 15
        assertRefused(() -> kernel.run(w, in, 0, 4, out, 0, 2, 0, 4, false), "input", "15", "12");
        assertRefused(() -> kernel.run(w, in, 0, 3, out, 1, 2, 0, 4, false), "output", "9", "8");
        assertRefused(() -> kernel.run(w, in, 0, 2, out, 0, 2, 0, 4, false), "input", "pixelStride 2", "3 channels");
        assertRefused(() -> kernel.run(w, in, 0, 3, out, 0, 2, 3, 2, false), "pixel", "[3, 2)");
        assertRefused(() -> kernel.run(w, in, -1, 3, out, 0, 2, 0, 1, false), "input", "offset -1");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void runRefusesWeightsPackedByAnotherKernel(PointwiseConvKernel kernel) {
        // Every other kernel, the other vector tile included: its groups have other widths.
        for (PointwiseConvKernel other : kernels().filter(o -> !o.name().equals(kernel.name())).toList()) {
            PointwiseConvKernel.PackedWeights w = other.pack(new float[6], null, 2, 3);
            assertRefused(() -> kernel.run(w, new float[3], 0, 3, new float[2], 0, 2, 0, 1, false), "packed by");
        }
    }
}
