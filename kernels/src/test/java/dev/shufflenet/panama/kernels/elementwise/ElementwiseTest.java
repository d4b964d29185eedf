package dev.shufflenet.panama.kernels.elementwise;

import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import dev.shufflenet.panama.kernels.TestViews;
import dev.shufflenet.panama.kernels.TestViews.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * add, relu and copy are exact in float (one rounding of a + b, the same in any implementation), so
 * they are compared bit for bit with a float reference; softmax is compared with a double reference.
 */
class ElementwiseTest {
    private static final int PIXELS = 9;

    @Test
    void addReluCopyOnStridedAndDenseViews() {
        for (KernelSet set : KernelRegistry.all()) {
            ElementwiseKernel k = set.elementwise();
            Random rnd = new Random(21);
            for (int c : TestViews.channelSweep()) {
                for (int extra : new int[] {0, 3}) {
                    String where = k.name() + " C=" + c + " stride " + (c + extra);
                    View a = TestViews.input(rnd, c, PIXELS, 1, extra);
                    View b = TestViews.input(rnd, c, PIXELS, 4, extra);
                    for (boolean relu : new boolean[] {false, true}) {
                        View out = TestViews.output(c, PIXELS, 2, extra);
                        k.add(c, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(), out.array(),
                                out.offset(), out.stride(), 2, PIXELS, relu);
                        k.add(c, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(), out.array(),
                                out.offset(), out.stride(), 0, 2, relu);
                        TestViews.assertUntouchedOutside(out, where + " add");
                        for (int p = 0; p < PIXELS; p++)
                            for (int ch = 0; ch < c; ch++) {
                                float v = a.get(p, ch) + b.get(p, ch);
                                TestViews.assertBits(relu ? Math.max(v, 0f) : v, out.get(p, ch), where + " add relu=" + relu);
                            }
                    }
                    // In place: out is a, with the same offset and stride.
                    View inPlace = a.copy();
                    k.add(c, inPlace.array(), inPlace.offset(), inPlace.stride(), b.array(), b.offset(), b.stride(),
                            inPlace.array(), inPlace.offset(), inPlace.stride(), 0, PIXELS, true);
                    for (int p = 0; p < PIXELS; p++)
                        for (int ch = 0; ch < c; ch++)
                            TestViews.assertBits(Math.max(a.get(p, ch) + b.get(p, ch), 0f), inPlace.get(p, ch), where + " add in place");

                    View out = TestViews.output(c, PIXELS, 0, extra);
                    k.relu(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 0, PIXELS);
                    TestViews.assertUntouchedOutside(out, where + " relu");
                    for (int p = 0; p < PIXELS; p++)
                        for (int ch = 0; ch < c; ch++) TestViews.assertBits(Math.max(a.get(p, ch), 0f), out.get(p, ch), where + " relu");

                    out = TestViews.output(c, PIXELS, 5, extra + 1);
                    k.copy(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 1, PIXELS);
                    k.copy(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 0, 1);
                    TestViews.assertUntouchedOutside(out, where + " copy");
                    for (int p = 0; p < PIXELS; p++)
                        for (int ch = 0; ch < c; ch++) TestViews.assertBits(a.get(p, ch), out.get(p, ch), where + " copy");
                }
            }
        }
    }

    @Test
    void softmaxIsStableAndMatchesDouble() {
        for (KernelSet set : KernelRegistry.all()) {
            ElementwiseKernel k = set.elementwise();
            Random rnd = new Random(22);
            for (int c : new int[] {1, 3, 17, 1000}) {
                int rows = 3;
                View in = TestViews.input(rnd, c, rows, 2, 1);
                // Logits far beyond exp's float range: a naive exp(x) / sum would give inf / inf = NaN.
                for (int ch = 0; ch < c; ch++) in.array()[in.index(1, ch)] *= 500f;
                in.array()[in.index(2, 0)] = 1e30f;
                View out = TestViews.output(c, rows, 3, 2);
                k.softmax(c, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 1, rows);
                k.softmax(c, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 0, 1);
                String where = k.name() + " softmax C=" + c;
                TestViews.assertUntouchedOutside(out, where);
                for (int r = 0; r < rows; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int ch = 0; ch < c; ch++) max = Math.max(max, in.get(r, ch));
                    double sum = 0;
                    for (int ch = 0; ch < c; ch++) sum += Math.exp(in.get(r, ch) - max);
                    for (int ch = 0; ch < c; ch++) {
                        double expected = Math.exp(in.get(r, ch) - max) / sum;
                        // Each float exp is within 1 ulp (the Vector API's documented bound for EXP), the
                        // subtraction x - max rounds once (relative 2^-24 of |x - max|, which exp turns into
                        // that much absolute error in the exponent), the sum of c terms within c * 2^-24, and
                        // the scale multiply once: relative error below (c + 4 + |x - max|) * 2^-24 per
                        // output, plus 1e-45 for results that underflow to zero or subnormals.
                        double rel = (c + 4 + Math.abs(in.get(r, ch) - max)) * TestViews.FLOAT_EPS;
                        float got = out.get(r, ch);
                        if (!(Math.abs(got - expected) <= rel * expected + 1e-45))
                            fail(where + " row " + r + " channel " + ch + ": expected " + expected + " but was " + got);
                    }
                }
            }
        }
    }


    @Test
    void rejectsBadArgumentsNamingTheNumbers() {
        for (KernelSet set : KernelRegistry.all()) {
            ElementwiseKernel k = set.elementwise();
            float[] x = new float[12];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.relu(4, x, 0, 4, new float[11], 0, 4, 0, 3));
            assertTrue(e.getMessage().contains("12") && e.getMessage().contains("11"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.copy(4, x, 0, 4, x, 0, 4, 2, 1));
            assertTrue(e.getMessage().contains("[2, 1)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.softmax(0, x, 0, 4, x, 0, 4, 0, 1));
            assertTrue(e.getMessage().contains("0"), e.getMessage());
        }
    }
}
