package dev.shufflenet.panama.onnx;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.graph.Node;
import dev.shufflenet.panama.graph.Op;
import dev.shufflenet.panama.graph.ShapeInference;
import dev.shufflenet.panama.graph.Value;

import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately plain reference interpreter of the graph IR, for tests: NCHW float32 tensors, the
 * textbook loop for every op, sums accumulated in double. It shares no code with the runtime, so the two
 * can check each other. Slow (about a second for two 224x224 ShuffleNet v2 images), never used outside
 * tests.
 */
public final class NaiveInterpreter {
    private NaiveInterpreter() {}

    /** Runs g on an NCHW input of shape [n, g.inputChannels(), h, w]; returns the output, NCHW or [N, C]. */
    public static float[] run(Graph g, float[] nchwInput, int n, int h, int w) {
        Map<Value, int[]> shapes = ShapeInference.infer(g, n, h, w);
        int expected = n * g.inputChannels() * h * w;
        if (nchwInput.length != expected)
            throw new IllegalArgumentException("input has " + nchwInput.length + " floats, expected " + expected
                    + " = [" + n + "," + g.inputChannels() + "," + h + "," + w + "]");
        Map<Value, float[]> data = new HashMap<>();
        data.put(g.input(), nchwInput);
        for (Node node : g.nodes()) {
            float[] x = data.get(node.input());
            int[] xs = shapes.get(node.input());
            int[] ys = shapes.get(node.output());
            float[] y = switch (node.op()) {
                case Op.Conv2d c -> conv(c, x, xs, ys);
                case Op.BatchNorm b -> batchNorm(b, x, xs);
                case Op.Relu r -> relu(x);
                case Op.Clip c -> clip(x, c.min(), c.max());
                case Op.MaxPool p -> pool(x, xs, ys, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                        p.padTop(), p.padLeft(), true, false);
                case Op.AvgPool p -> pool(x, xs, ys, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
                        p.padTop(), p.padLeft(), false, p.countIncludePad());
                case Op.GlobalAvgPool p -> globalAvgPool(x, xs);
                case Op.Flatten f -> x.clone(); // NCHW memory order is already [N, C*H*W]
                case Op.Concat c -> concat(node, data, shapes, ys);
                case Op.ChannelSlice s -> channelSlice(s, x, xs);
                case Op.ChannelShuffle s -> shuffle(s, x, xs);
                case Op.Add a -> add(x, data.get(node.inputs().get(1)));
                case Op.Linear l -> linear(l, x, xs[0]);
                case Op.Softmax s -> softmax(x, xs);
            };
            data.put(node.output(), y);
        }
        return data.get(g.output());
    }

    private static float[] clip(float[] x, float min, float max) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] < min ? min : x[i] > max ? max : x[i];
        return y;
    }

    private static int spatial(int[] s) {
        int p = 1;
        for (int i = 2; i < s.length; i++) p *= s[i];
        return p;
    }

    private static float[] conv(Op.Conv2d c, float[] x, int[] xs, int[] ys) {
        int n = xs[0], cin = xs[1], ih = xs[2], iw = xs[3];
        int cout = ys[1], oh = ys[2], ow = ys[3];
        int inPerGroup = cin / c.groups(), outPerGroup = cout / c.groups();
        int kh = c.kernelH(), kw = c.kernelW();
        float[] y = new float[n * cout * oh * ow];
        double[] acc = new double[oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < cout; oc++) {
                java.util.Arrays.fill(acc, c.bias() == null ? 0 : c.bias()[oc]);
                int group = oc / outPerGroup;
                for (int icg = 0; icg < inPerGroup; icg++) {
                    int ic = group * inPerGroup + icg;
                    int plane = (b * cin + ic) * ih * iw;
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            double wv = c.weight()[((oc * inPerGroup + icg) * kh + ky) * kw + kx];
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * c.strideH() - c.padTop() + ky;
                                if (iy < 0 || iy >= ih) continue;
                                for (int ox = 0; ox < ow; ox++) {
                                    int ix = ox * c.strideW() - c.padLeft() + kx;
                                    if (ix < 0 || ix >= iw) continue;
                                    acc[oy * ow + ox] += wv * x[plane + iy * iw + ix];
                                }
                            }
                        }
                    }
                }
                int base = (b * cout + oc) * oh * ow;
                for (int i = 0; i < oh * ow; i++) y[base + i] = (float) acc[i];
            }
        }
        return y;
    }

    private static float[] batchNorm(Op.BatchNorm bn, float[] x, int[] xs) {
        int c = xs[1], plane = spatial(xs);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double inv = 1.0 / Math.sqrt((double) bn.variance()[ch] + bn.epsilon());
            y[i] = (float) ((x[i] - (double) bn.mean()[ch]) * inv * bn.scale()[ch] + bn.bias()[ch]);
        }
        return y;
    }

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0f;
        return y;
    }

    /** Max or average pooling; padded positions never win the max and count for the mean only if asked. */
    private static float[] pool(float[] x, int[] xs, int[] ys, int kh, int kw, int sh, int sw, int pt, int pl,
                                boolean max, boolean countIncludePad) {
        int planes = xs[0] * xs[1], ih = xs[2], iw = xs[3], oh = ys[2], ow = ys[3];
        float[] y = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NEGATIVE_INFINITY, sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * sh - pt + ky;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * sw - pl + kx;
                            if (iy < 0 || iy >= ih || ix < 0 || ix >= iw) continue;
                            float v = x[(p * ih + iy) * iw + ix];
                            best = Math.max(best, v);
                            sum += v;
                            count++;
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = (float) (max ? best : sum / (countIncludePad ? kh * kw : count));
                }
            }
        }
        return y;
    }

    private static float[] globalAvgPool(float[] x, int[] xs) {
        int planes = xs[0] * xs[1], plane = xs[2] * xs[3];
        float[] y = new float[planes];
        for (int p = 0; p < planes; p++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += x[p * plane + i];
            y[p] = (float) (sum / plane);
        }
        return y;
    }

    private static float[] concat(Node node, Map<Value, float[]> data, Map<Value, int[]> shapes, int[] ys) {
        int n = ys[0], outPerImage = ys[1] * spatial(ys);
        float[] y = new float[n * outPerImage];
        int offset = 0;
        for (Value v : node.inputs()) {
            int[] s = shapes.get(v);
            int perImage = s[1] * spatial(s);
            for (int b = 0; b < n; b++) System.arraycopy(data.get(v), b * perImage, y, b * outPerImage + offset, perImage);
            offset += perImage;
        }
        return y;
    }

    private static float[] channelSlice(Op.ChannelSlice s, float[] x, int[] xs) {
        int n = xs[0], c = xs[1], plane = spatial(xs), k = s.end() - s.start();
        float[] y = new float[n * k * plane];
        for (int b = 0; b < n; b++)
            System.arraycopy(x, (b * c + s.start()) * plane, y, b * k * plane, k * plane);
        return y;
    }

    /** Input channel gi*(C/g)+j goes to output channel j*g+gi. */
    private static float[] shuffle(Op.ChannelShuffle s, float[] x, int[] xs) {
        int n = xs[0], c = xs[1], plane = spatial(xs), g = s.groups(), perGroup = c / g;
        float[] y = new float[x.length];
        for (int b = 0; b < n; b++)
            for (int gi = 0; gi < g; gi++)
                for (int j = 0; j < perGroup; j++)
                    System.arraycopy(x, (b * c + gi * perGroup + j) * plane, y, (b * c + j * g + gi) * plane, plane);
        return y;
    }

    private static float[] add(float[] a, float[] b) {
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
        return y;
    }

    private static float[] linear(Op.Linear l, float[] x, int n) {
        int in = l.inFeatures(), out = l.outFeatures();
        float[] y = new float[n * out];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                double sum = l.bias() == null ? 0 : l.bias()[o];
                for (int k = 0; k < in; k++) sum += (double) x[b * in + k] * l.weight()[o * in + k];
                y[b * out + o] = (float) sum;
            }
        }
        return y;
    }

    private static float[] softmax(float[] x, int[] xs) {
        int n = xs[0], c = xs[1];
        float[] y = new float[x.length];
        for (int b = 0; b < n; b++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < c; i++) max = Math.max(max, x[b * c + i]);
            for (int i = 0; i < c; i++) sum += Math.exp(x[b * c + i] - max);
            for (int i = 0; i < c; i++) y[b * c + i] = (float) (Math.exp(x[b * c + i] - max) / sum);
        }
        return y;
    }
}
