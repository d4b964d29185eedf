package dev.shufflenet.panama.graph;

/**
 * One operation of a {@link Graph}, in ONNX's logical terms: float32 tensors in NCHW order, the batch
 * dimension free. Ops hold their own weights; they know nothing of layouts, kernels or backends (the
 * planner decides those).
 */
public sealed interface Op
        permits Op.Conv2d, Op.BatchNorm, Op.Relu, Op.Clip, Op.MaxPool, Op.AvgPool, Op.GlobalAvgPool, Op.Flatten,
                Op.Concat, Op.ChannelSlice, Op.ChannelShuffle, Op.Add, Op.Linear, Op.Softmax {

    /** Short name used in messages and reports, e.g. "Conv" or "ChannelShuffle". */
    String kind();

    /** Kernel and stride positive, pads non-negative: otherwise shape inference would divide by 0 or wrap. */
    private static void checkWindow(String op, int kernelH, int kernelW, int strideH, int strideW,
                                    int padTop, int padLeft, int padBottom, int padRight) {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0)
            throw new IllegalArgumentException(op + ": kernel and stride must be positive, found kernel " + kernelH + "x"
                    + kernelW + ", stride " + strideH + "x" + strideW);
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0)
            throw new IllegalArgumentException(op + ": pads must be >= 0, found top " + padTop + ", left " + padLeft
                    + ", bottom " + padBottom + ", right " + padRight);
    }

    private static void checkPresent(String op, String what, Object array) {
        if (array == null) throw new IllegalArgumentException(op + ": " + what + " must not be null");
    }

    /**
     * 2-D convolution. {@code weight} is [outChannels][inChannels/groups][kernelH][kernelW] row-major;
     * {@code bias} has outChannels entries or is null. Pads are top, left, bottom, right.
     */
    record Conv2d(int outChannels, int inChannels, int kernelH, int kernelW, int strideH, int strideW,
                  int padTop, int padLeft, int padBottom, int padRight, int groups,
                  float[] weight, float[] bias) implements Op {
        public Conv2d {
            if (outChannels <= 0 || inChannels <= 0 || groups <= 0)
                throw new IllegalArgumentException("Conv2d: channels and groups must be positive: out="
                        + outChannels + " in=" + inChannels + " groups=" + groups);
            if (inChannels % groups != 0 || outChannels % groups != 0)
                throw new IllegalArgumentException("Conv2d: groups=" + groups + " must divide in=" + inChannels
                        + " and out=" + outChannels);
            checkWindow("Conv2d", kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight);
            long expected = (long) outChannels * (inChannels / groups) * kernelH * kernelW;
            if (weight == null || weight.length != expected)
                throw new IllegalArgumentException("Conv2d: weight has " + (weight == null ? "no" : weight.length)
                        + " elements, expected " + expected + " = [" + outChannels + "," + inChannels / groups
                        + "," + kernelH + "," + kernelW + "]");
            if (bias != null && bias.length != outChannels)
                throw new IllegalArgumentException("Conv2d: bias has " + bias.length + " elements, expected "
                        + outChannels);
        }

        /** Convenience for square kernels with symmetric padding. */
        public static Conv2d square(int out, int in, int kernel, int stride, int pad, int groups,
                                    float[] weight, float[] bias) {
            return new Conv2d(out, in, kernel, kernel, stride, stride, pad, pad, pad, pad, groups, weight, bias);
        }

        public boolean isDepthwise() { return groups == inChannels && groups == outChannels; }

        public boolean isPointwise() {
            return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1
                    && padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0;
        }

        @Override public String kind() { return "Conv"; }
    }

    /** Inference batch norm: y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel. */
    record BatchNorm(float[] scale, float[] bias, float[] mean, float[] variance, float epsilon) implements Op {
        public BatchNorm {
            checkPresent("BatchNorm", "scale", scale);
            checkPresent("BatchNorm", "bias", bias);
            checkPresent("BatchNorm", "mean", mean);
            checkPresent("BatchNorm", "variance", variance);
            int c = scale.length;
            if (bias.length != c || mean.length != c || variance.length != c)
                throw new IllegalArgumentException("BatchNorm: scale, bias, mean and variance must have the same"
                        + " length, found " + c + ", " + bias.length + ", " + mean.length + ", " + variance.length);
        }
        public int channels() { return scale.length; }
        @Override public String kind() { return "BatchNormalization"; }
    }

    record Relu() implements Op {
        @Override public String kind() { return "Relu"; }
    }

    /**
     * ONNX Clip: each value clamped to [min, max] ({@code x < min ? min : x > max ? max : x}; NaN stays NaN).
     * MobileNet's ReLU6 is min 0, max 6 ({@link #relu6()}); a missing bound is an infinity.
     */
    record Clip(float min, float max) implements Op {
        public Clip {
            if (Float.isNaN(min) || Float.isNaN(max) || min > max)
                throw new IllegalArgumentException("Clip: bounds must be numbers with min <= max, found min " + min
                        + ", max " + max);
        }

        /** MobileNet's activation: min(max(x, 0), 6). */
        public static Clip relu6() { return new Clip(0f, 6f); }

        @Override public String kind() { return "Clip"; }
    }

    /** Max pooling; pads are top, left, bottom, right; padding never wins the max. */
    record MaxPool(int kernelH, int kernelW, int strideH, int strideW,
                   int padTop, int padLeft, int padBottom, int padRight) implements Op {
        public MaxPool {
            checkWindow("MaxPool", kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight);
        }
        public static MaxPool square(int kernel, int stride, int pad) {
            return new MaxPool(kernel, kernel, stride, stride, pad, pad, pad, pad);
        }
        @Override public String kind() { return "MaxPool"; }
    }

    /** Average pooling; with countIncludePad the divisor is always kernelH*kernelW (PyTorch's default). */
    record AvgPool(int kernelH, int kernelW, int strideH, int strideW,
                   int padTop, int padLeft, int padBottom, int padRight, boolean countIncludePad) implements Op {
        public AvgPool {
            checkWindow("AvgPool", kernelH, kernelW, strideH, strideW, padTop, padLeft, padBottom, padRight);
        }
        public static AvgPool square(int kernel, int stride, int pad, boolean countIncludePad) {
            return new AvgPool(kernel, kernel, stride, stride, pad, pad, pad, pad, countIncludePad);
        }
        @Override public String kind() { return "AveragePool"; }
    }

    /** Mean over H and W. keepDims: output [N,C,1,1], else [N,C]. */
    record GlobalAvgPool(boolean keepDims) implements Op {
        @Override public String kind() { return "GlobalAveragePool"; }
    }

    /** [N,C,H,W] to [N,C*H*W]; the runtime supports it where H = W = 1. A 2-D input passes through. */
    record Flatten() implements Op {
        @Override public String kind() { return "Flatten"; }
    }

    /** Concatenation along channels (axis 1) of all inputs. */
    record Concat() implements Op {
        @Override public String kind() { return "Concat"; }
    }

    /** Channels [start, end) of the input (ONNX Slice or Split on axis 1). */
    record ChannelSlice(int start, int end) implements Op {
        public ChannelSlice {
            if (start < 0 || end <= start)
                throw new IllegalArgumentException("ChannelSlice: need 0 <= start < end, found [" + start + ", " + end + ")");
        }
        @Override public String kind() { return "ChannelSlice"; }
    }

    /**
     * ShuffleNet's channel shuffle: view C channels as [groups][C/groups], transpose to
     * [C/groups][groups]. Input channel g*(C/groups)+j goes to output channel j*groups+g.
     */
    record ChannelShuffle(int groups) implements Op {
        public ChannelShuffle {
            if (groups <= 0) throw new IllegalArgumentException("ChannelShuffle: groups must be positive, found " + groups);
        }
        @Override public String kind() { return "ChannelShuffle"; }
    }

    /** Element-wise sum of two tensors of the same shape. */
    record Add() implements Op {
        @Override public String kind() { return "Add"; }
    }

    /** Fully connected: y[N,out] = x[N,in] * weight^T + bias; weight is [out][in] row-major. */
    record Linear(int outFeatures, int inFeatures, float[] weight, float[] bias) implements Op {
        public Linear {
            if (outFeatures <= 0 || inFeatures <= 0)
                throw new IllegalArgumentException("Linear: features must be positive, found out=" + outFeatures
                        + " in=" + inFeatures);
            checkPresent("Linear", "weight", weight);
            if ((long) outFeatures * inFeatures != weight.length)
                throw new IllegalArgumentException("Linear: weight has " + weight.length + " elements, expected "
                        + outFeatures + "x" + inFeatures);
            if (bias != null && bias.length != outFeatures)
                throw new IllegalArgumentException("Linear: bias has " + bias.length + " elements, expected " + outFeatures);
        }
        @Override public String kind() { return "Gemm"; }
    }

    /** Softmax over the channel axis of a [N,C] tensor. */
    record Softmax() implements Op {
        @Override public String kind() { return "Softmax"; }
    }
}
