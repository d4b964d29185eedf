package dev.shufflenet.panama.kernels.check;

import dev.shufflenet.panama.kernels.check.Views.View;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;

import java.util.Random;

/**
 * add, relu and copy are exact in float (one rounding of a + b, the same in any implementation), so they are
 * compared bit for bit with a float reference; softmax is compared with a double reference.
 */
public final class ElementwiseCheck {
    static final int PIXELS = 9;

    private ElementwiseCheck() {}

    public static void sweep(KernelTally tally, ElementwiseKernel k, boolean quick) {
        Random rnd = new Random(21);
        for (int c : Views.channelSweep(quick))
            for (int extra : new int[] {0, 3})
                tally.run(k.name() + " add/relu/copy C=" + c + " stride " + (c + extra),
                        () -> checkAddReluCopy(k, rnd, c, extra));
        Random rnd2 = new Random(22);
        for (int c : new int[] {1, 3, 17, 1000})
            tally.run(k.name() + " softmax C=" + c, () -> checkSoftmax(k, rnd2, c));
    }

    /** add (ranges composing, with and without ReLU, and in place), relu and copy on views {@code extra} floats wider. */
    public static void checkAddReluCopy(ElementwiseKernel k, Random rnd, int c, int extra) {
        String where = k.name() + " C=" + c + " stride " + (c + extra);
        View a = Views.input(rnd, c, PIXELS, 1, extra);
        View b = Views.input(rnd, c, PIXELS, 4, extra);
        for (boolean relu : new boolean[] {false, true}) {
            View out = Views.output(c, PIXELS, 2, extra);
            k.add(c, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(), out.array(),
                    out.offset(), out.stride(), 2, PIXELS, relu);
            k.add(c, a.array(), a.offset(), a.stride(), b.array(), b.offset(), b.stride(), out.array(),
                    out.offset(), out.stride(), 0, 2, relu);
            Views.assertUntouchedOutside(out, where + " add");
            for (int p = 0; p < PIXELS; p++)
                for (int ch = 0; ch < c; ch++) {
                    float v = a.get(p, ch) + b.get(p, ch);
                    Views.assertBits(relu ? Math.max(v, 0f) : v, out.get(p, ch), where + " add relu=" + relu);
                }
        }
        // In place: out is a, with the same offset and stride.
        View inPlace = a.copy();
        k.add(c, inPlace.array(), inPlace.offset(), inPlace.stride(), b.array(), b.offset(), b.stride(),
                inPlace.array(), inPlace.offset(), inPlace.stride(), 0, PIXELS, true);
        for (int p = 0; p < PIXELS; p++)
            for (int ch = 0; ch < c; ch++)
                Views.assertBits(Math.max(a.get(p, ch) + b.get(p, ch), 0f), inPlace.get(p, ch), where + " add in place");

        View out = Views.output(c, PIXELS, 0, extra);
        k.relu(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 0, PIXELS);
        Views.assertUntouchedOutside(out, where + " relu");
        for (int p = 0; p < PIXELS; p++)
            for (int ch = 0; ch < c; ch++) Views.assertBits(Math.max(a.get(p, ch), 0f), out.get(p, ch), where + " relu");

        out = Views.output(c, PIXELS, 5, extra + 1);
        k.copy(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 1, PIXELS);
        k.copy(c, a.array(), a.offset(), a.stride(), out.array(), out.offset(), out.stride(), 0, 1);
        Views.assertUntouchedOutside(out, where + " copy");
        for (int p = 0; p < PIXELS; p++)
            for (int ch = 0; ch < c; ch++) Views.assertBits(a.get(p, ch), out.get(p, ch), where + " copy");
    }

    /** Three rows: plain, 500x larger (naive exp overflows), and one 1e30 logit; rows [1, 3) then [0, 1). */
    public static void checkSoftmax(ElementwiseKernel k, Random rnd, int c) {
        int rows = 3;
        View in = Views.input(rnd, c, rows, 2, 1);
        for (int ch = 0; ch < c; ch++) in.array()[in.index(1, ch)] *= 500f;
        in.array()[in.index(2, 0)] = 1e30f;
        View out = Views.output(c, rows, 3, 2);
        k.softmax(c, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 1, rows);
        k.softmax(c, in.array(), in.offset(), in.stride(), out.array(), out.offset(), out.stride(), 0, 1);
        String where = k.name() + " softmax C=" + c;
        Views.assertUntouchedOutside(out, where);
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int ch = 0; ch < c; ch++) max = Math.max(max, in.get(r, ch));
            double sum = 0;
            for (int ch = 0; ch < c; ch++) sum += Math.exp(in.get(r, ch) - max);
            for (int ch = 0; ch < c; ch++) {
                double expected = Math.exp(in.get(r, ch) - max) / sum;
                // Each float exp is within 1 ulp (the Vector API's documented bound for EXP), the subtraction
                // x - max rounds once (relative 2^-24 of |x - max|, which exp turns into that much absolute error
                // in the exponent), the sum of c terms within c * 2^-24, and the scale multiply once: relative
                // error below (c + 4 + |x - max|) * 2^-24 per output, plus 1e-45 for results that underflow.
                double rel = (c + 4 + Math.abs(in.get(r, ch) - max)) * Views.FLOAT_EPS;
                int fr = r, fch = ch;
                Views.assertWithin(expected, rel * expected + 1e-45, out.get(r, ch),
                        () -> where + " row " + fr + " channel " + fch);
            }
        }
    }
}
