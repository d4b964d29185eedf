package dev.shufflenet.panama.kernels.conv;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.check.DirectConvMinmaxCheck;
import dev.shufflenet.panama.kernels.check.KernelTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The minmax variant (ReLU6 and other clamps) of every registered direct conv through {@link DirectConvMinmaxCheck}
 * (a double reference over an explicitly zero-padded NCHW image, then clamped; MobileNet's stem among the cases),
 * and the refusal of bad bounds.
 */
class DirectConvMinmaxTest {
    static Stream<Arguments> setsAndChannels() {
        return TestViews.setsAndChannels(c -> c <= 58);
    }

    @ParameterizedTest(name = "{0}, {1} output channels")
    @MethodSource("setsAndChannels")
    void clampsLikeTheClampedReference(String setName, int outChannels) {
        DirectConvKernel kernel = TestViews.set(setName).direct();
        KernelTally tally = new KernelTally(kernel.minmaxName());
        DirectConvMinmaxCheck.sweepGeometries(tally, kernel, new Random(23L * outChannels + setName.hashCode()),
                outChannels);
        tally.assertPassed();
    }

    @Test
    void mobileNetStem() {
        for (KernelSet set : KernelRegistry.all()) {
            KernelTally tally = new KernelTally(set.direct().minmaxName());
            DirectConvMinmaxCheck.sweepMobileNetStem(tally, set.direct());
            tally.assertPassed();
        }
    }

    @Test
    void refusesUnorderedBounds() {
        for (KernelSet set : KernelRegistry.all()) {
            DirectConvKernel k = set.direct();
            DirectConvKernel.PackedWeights w = k.pack(new float[27], null, 1, 3, 3, 3);
            float[] in = new float[48], out = new float[16];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.run(w, 4, 4, 1, 1, 1, 1, 1, 1, in, 0, 3, out, 0, 1, 0, 4, 6f, 0f));
            assertTrue(e.getMessage().contains("6.0") && e.getMessage().contains("0.0"), e.getMessage());
        }
    }
}
