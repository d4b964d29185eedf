package dev.shufflenet.panama.bindings.acl;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;

import static dev.shufflenet.panama.bindings.acl.AclGemmHandleTest.native_;
import static dev.shufflenet.panama.bindings.acl.AclTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** AclDepthwiseHandle against a double-precision loop (linux-aarch64 only; skipped elsewhere). */
class AclDepthwiseHandleTest {
    @BeforeEach
    void needsShim() {
        assumeShimLoaded();
    }

    @ParameterizedTest(name = "batch={0} {1}x{2} c={3} strides={4}/{5} s={6} pads={7}/{8} relu={9}")
    @CsvSource({
            // ShuffleNet v2 1.0x depthwise convs (no ReLU after them in v2; relu=true still checks the fusion)
            "1, 56, 56, 24, 24, 24, 2, 1, 1, false",
            "1, 28, 28, 58, 116, 58, 1, 1, 1, false",  // reads one half of a concatenated tensor
            "1, 28, 28, 116, 116, 116, 2, 1, 1, false",
            "1, 14, 14, 116, 116, 232, 1, 1, 1, true", // writes one half of a wider tensor
            "2, 7, 7, 464, 464, 464, 1, 1, 1, false",
            // awkward: odd sizes, one-pixel images, channels that fill no vector, bands with one padded edge
            "1, 1, 1, 3, 3, 3, 1, 1, 1, false",
            "3, 5, 4, 13, 17, 15, 2, 1, 1, true",
            "1, 4, 5, 13, 13, 13, 1, 0, 1, false",
            "1, 5, 6, 17, 20, 17, 2, 1, 0, true",
            "1, 3, 9, 7, 7, 9, 1, 0, 0, false",
            "2, 2, 3, 1, 1, 1, 2, 1, 1, false",
    })
    void matchesLoop(int batch, int h, int w, int c, int inStride, int outStride, int s, int padTop, int padBottom,
                     boolean relu) {
        var g = new AclDepthwiseHandle.Geometry(batch, h, w, c, inStride, outStride, s, padTop, padBottom);
        int oh = g.outH(), ow = g.outW();
        long seed = 1000L * h + 10L * c + s;
        int inOffset = 2, outOffset = 1;
        float[] in = random(inOffset + (batch * h * w - 1) * inStride + c + 3, seed);
        float[] weights = random(9 * c, seed + 1), bias = random(c, seed + 2);
        float[] out = filled(outOffset + (batch * oh * ow - 1) * outStride + c + 3, SENTINEL);
        try (Arena arena = Arena.ofConfined();
             var conv = AclDepthwiseHandle.create(g, native_(arena, weights), native_(arena, bias), relu)) {
            conv.run(in, inOffset, out, outOffset);
        }
        for (int i = 0; i < out.length; i++) {
            int rel = i - outOffset, pixel = Math.floorDiv(rel, outStride), ch = Math.floorMod(rel, outStride);
            final int at = i;
            if (rel < 0 || pixel >= batch * oh * ow || ch >= c) {
                // Messages are built lazily: string concatenation per element dominated the run time under qemu.
                assertEquals(SENTINEL, out[i], () -> "element " + at + " lies outside the output view and must not be written");
                continue;
            }
            final int n = pixel / (oh * ow), y = pixel / ow % oh, x = pixel % ow;
            double sum = bias[ch], abs = Math.abs(sum);
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++) {
                    int iy = y * s + ky - padTop, ix = x * s + kx - 1;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    double t = (double) in[inOffset + ((n * h + iy) * w + ix) * inStride + ch] * weights[(ky * 3 + kx) * c + ch];
                    sum += t;
                    abs += Math.abs(t);
                }
            if (relu) sum = Math.max(0, sum);
            assertEquals(sum, out[i], bound(10, abs), () -> "out[n=" + n + "][" + y + "][" + x + "][" + ch + "]");
        }
    }

    @Test
    void refusesShortArraysBeforeCallingNative() {
        var g = AclDepthwiseHandle.Geometry.whole(1, 4, 4, 8, 8, 8, 2); // output 2x2
        try (Arena arena = Arena.ofConfined();
             var conv = AclDepthwiseHandle.create(g, native_(arena, random(72, 1)), null, false)) {
            var e = assertThrows(IllegalArgumentException.class, () -> conv.run(new float[127], 0, new float[32], 0));
            assertTrue(e.getMessage().contains("needs 128 floats but the array holds 127"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> conv.run(new float[128], 0, new float[32], 1));
            assertTrue(e.getMessage().contains("needs 33 floats but the array holds 32"), e.getMessage());
        }
    }
}
