package dev.shufflenet.panama.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrayAlignmentTest {
    @Test
    void padPutsTheFirstPackedElementOnACacheLine() {
        assertEquals(12, ArrayAlignment.padFloats(64, 16), "default headers: 16 + 12 * 4 = 64");
        assertEquals(13, ArrayAlignment.padFloats(64, 12), "compact object headers: 12 + 13 * 4 = 64");
        assertEquals(11, ArrayAlignment.padFloats(64, 20), "no compressed class pointers: 20 + 11 * 4 = 64");
        assertEquals(12, ArrayAlignment.padFloats(128, 16), "any multiple of 64 serves");
        assertEquals(0, ArrayAlignment.padFloats(64, 64));
    }

    @Test
    void noPadWhereObjectsAreNotOnCacheLines() {
        assertEquals(0, ArrayAlignment.padFloats(8, 16), "the default 8-byte alignment: no pad is right for every array");
        assertEquals(0, ArrayAlignment.padFloats(32, 16));
        assertEquals(0, ArrayAlignment.padFloats(64, 18), "a base offset that is not a whole float");
    }

    @Test
    void thisJvmsPadMatchesItsObjectAlignment() {
        int pad = ArrayAlignment.padFloats();
        assertTrue(pad >= 0 && pad < ArrayAlignment.TARGET_BYTES / Float.BYTES, "pad " + pad);
        // The 256-bit surefire run passes -XX:ObjectAlignmentInBytes=64: the pad must have been found there.
        if (Integer.getInteger("shufflenet.vectorBits", 0) == 256)
            assertEquals(64, ArrayAlignment.objectAlignment(), "the vector-256 run aligns objects to 64 bytes");
        if (ArrayAlignment.objectAlignment() < ArrayAlignment.TARGET_BYTES) assertEquals(0, pad);
        else assertTrue(pad > 0, "objects on 64-byte boundaries and a 16- or 12-byte array header need a pad");
    }
}
