package dev.shufflenet.panama.backend.acl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.shufflenet.panama.backend.acl.AclReference.*;
import static org.junit.jupiter.api.Assertions.*;

/** The ACL depthwise conv against double loops (linux-aarch64 with the shim only; skipped elsewhere). */
class AclDepthwiseConv3x3Test {
    private AclDepthwiseConv3x3 kernel;

    @BeforeEach
    void needsShim() {
        assumeShimLoaded();
        kernel = AclDepthwiseConv3x3.ifAvailable().orElseThrow();
    }

    @ParameterizedTest(name = "batch={0} {1}x{2} c={3} strides={4}/{5} s={6} rows=[{7},{8}) relu={9}")
    @CsvSource({
            // ShuffleNet v2 1.0x at 224x224 (no ReLU follows a depthwise conv in v2; relu=true checks the fusion)
            "1, 56, 56, 24, 24, 24, 2, 0, 28, false",
            "1, 56, 56, 58, 58, 58, 2, 0, 28, false",
            "1, 28, 28, 58, 116, 58, 1, 0, 28, false",   // reads one half of a concatenation
            "1, 28, 28, 116, 116, 116, 2, 0, 14, false",
            "1, 14, 14, 116, 116, 232, 1, 0, 14, true",  // writes into one half of a wider tensor
            "1, 7, 7, 232, 232, 232, 1, 0, 7, false",
            // row ranges as threads get them: bands inside one image, and head + whole images + tail of a batch
            "1, 28, 28, 58, 58, 58, 1, 9, 19, false",
            "3, 7, 7, 232, 232, 232, 2, 2, 11, true",
            "4, 5, 6, 13, 17, 15, 1, 3, 19, false",
            // awkward: one-pixel images, odd sizes at stride 2, one channel
            "2, 1, 1, 3, 3, 3, 1, 0, 2, false",
            "2, 5, 3, 1, 1, 1, 2, 1, 6, true",
            "1, 9, 8, 20, 21, 22, 2, 4, 5, false",
    })
    void matchesLoop(int batch, int h, int w, int c, int inStride, int outStride, int s, int rowBegin, int rowEnd,
                     boolean relu) {
        int outH = (h - 1) / s + 1, outW = (w - 1) / s + 1;
        long seed = 7L * h + 3L * c + s + rowBegin;
        int inOff = 1, outOff = 4;
        float[] in = random(inOff + (batch * h * w - 1) * inStride + c + 2, seed);
        float[] weight = random(9 * c, seed + 1), bias = random(c, seed + 2);
        float[] out = sentinels(outOff + (batch * outH * outW - 1) * outStride + c + 2);
        try (AclDepthwiseConv3x3.Packed packed = kernel.pack(weight, bias, c)) {
            kernel.run(packed, s, h, w, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, relu);
            kernel.run(packed, s, h, w, in, inOff, inStride, out, outOff, outStride, rowBegin, rowEnd, relu);
            assertEquals(1, packed.rangeCount(), "the second call reuses the first one's configuration");
        }
        checkDepthwise(in, inOff, inStride, weight, bias, c, s, h, w, out, outOff, outStride, rowBegin, rowEnd, relu);
    }

    @Test
    void withoutBias() {
        int h = 6, w = 6, c = 8;
        float[] in = random(h * w * c, 1), weight = random(9 * c, 2), out = sentinels(h * w * c);
        try (AclDepthwiseConv3x3.Packed packed = kernel.pack(weight, null, c)) {
            kernel.run(packed, 1, h, w, in, 0, c, out, 0, c, 0, h, false);
        }
        checkDepthwise(in, 0, c, weight, null, c, 1, h, w, out, 0, c, 0, h, false);
    }

    @Test
    void refusesForeignWeightsAndShortViews() {
        var foreign = new dev.shufflenet.panama.kernels.dwconv.ScalarDepthwiseConv3x3().pack(new float[9], null, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> kernel.run(foreign, 1, 2, 2, new float[4], 0, 1, new float[4], 0, 1, 0, 2, false));
        assertTrue(e.getMessage().contains("packed by another kernel"), e.getMessage());
        try (AclDepthwiseConv3x3.Packed packed = kernel.pack(new float[18], null, 2)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.run(packed, 2, 4, 4, new float[31], 0, 2, new float[8], 0, 2, 0, 2, false));
            assertTrue(e.getMessage().contains("input view needs 32 floats"), e.getMessage());
        }
    }
}
