package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.kernels.conv.DirectConvKernel;
import dev.shufflenet.panama.kernels.dwconv.DepthwiseConv3x3Kernel;
import dev.shufflenet.panama.kernels.elementwise.ElementwiseKernel;
import dev.shufflenet.panama.kernels.gemm.ChannelRuns;
import dev.shufflenet.panama.kernels.gemm.PointwiseConvKernel;
import dev.shufflenet.panama.kernels.layout.LayoutKernel;
import dev.shufflenet.panama.kernels.pool.PoolKernel;
import dev.shufflenet.panama.kernels.shuffle.ChannelShuffleKernel;

import java.util.List;

/**
 * The step types: each binds one kernel to planned views. Work units: pixels for per-pixel ops, output
 * rows for spatial ops, images for whole-image ops (so any split of units among threads is valid).
 */
final class Steps {
    private Steps() {}

    /** The API's NCHW input to the first NHWC buffer. */
    static final class Input extends BaseStep {
        private final LayoutKernel k;
        private final TensorView out;

        Input(LayoutKernel k, TensorView out) {
            super("input", k.name(), List.of(), List.of(out));
            this.k = k;
            this.out = out;
        }

        @Override public int units(int batch) { return batch; }
        @Override public UnitKind unitKind() { return UnitKind.IMAGE; }
        @Override public int pixelsPerUnit() { return out.pixelsPerImage(); }
        @Override public long costPerUnit() { return 8L * out.channels() * out.pixelsPerImage(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.nchwToNhwc(out.channels(), out.height(), out.width(), ws.input, ws.inputOffset,
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** The last tensor to the caller's array: [N, C] rows, or NCHW images for a 4-D output. */
    static final class Output extends BaseStep {
        private final LayoutKernel layout;
        private final ElementwiseKernel elementwise;
        private final TensorView in;

        Output(LayoutKernel layout, ElementwiseKernel elementwise, TensorView in) {
            super("output", in.flat() ? elementwise.name() : layout.name(), List.of(in), List.of());
            this.layout = layout;
            this.elementwise = elementwise;
            this.in = in;
        }

        @Override public int units(int batch) { return batch; }
        @Override public UnitKind unitKind() { return UnitKind.IMAGE; }
        @Override public int pixelsPerUnit() { return Math.max(1, in.pixelsPerImage()); }
        @Override public long costPerUnit() { return 8L * in.channels() * in.pixelsPerImage(); }

        @Override public void run(Workspace ws, int begin, int end) {
            if (in.flat()) {
                int c = in.channels();
                elementwise.copy(c, ws.arena, ws.at(in), in.pixelStride(), ws.output, ws.outputOffset, c, begin, end);
            } else {
                layout.nhwcToNchw(in.channels(), in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                        ws.output, ws.outputOffset, begin, end);
            }
        }
    }

    /**
     * 1x1 conv (grouped: one GEMM per group on channel slices) or fully connected layer; with runs, group
     * g reads its input channels through runs[g] (a folded channel shuffle) instead of its slice.
     */
    static final class Pointwise extends BaseStep {
        private final PointwiseConvKernel k;
        private final PointwiseConvKernel.PackedWeights[] groups;
        private final ChannelRuns[] runs;
        private final TensorView in, out;
        private final int inPerGroup, outPerGroup;
        private final boolean relu;

        Pointwise(String name, PointwiseConvKernel k, PointwiseConvKernel.PackedWeights[] groups,
                  TensorView in, TensorView out, boolean relu) {
            this(name, k, groups, null, in, out, relu);
        }

        Pointwise(String name, PointwiseConvKernel k, PointwiseConvKernel.PackedWeights[] groups, ChannelRuns[] runs,
                  TensorView in, TensorView out, boolean relu) {
            super(name, runs == null ? k.name() : k.name() + " (shuffled read, " + runs[0].runCount() + " runs)",
                    List.of(in), List.of(out));
            if (runs != null && runs.length != groups.length)
                throw new IllegalArgumentException(name + ": " + runs.length + " channel runs for " + groups.length
                        + " groups");
            this.k = k;
            this.groups = groups;
            this.runs = runs;
            this.in = in;
            this.out = out;
            this.inPerGroup = in.channels() / groups.length;
            this.outPerGroup = out.channels() / groups.length;
            this.relu = relu;
        }

        @Override public int units(int batch) { return batch * out.pixelsPerImage(); }
        @Override public UnitKind unitKind() { return UnitKind.PIXEL; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return (long) in.channels() * outPerGroup; }

        @Override public void run(Workspace ws, int begin, int end) {
            int inOff = ws.at(in), outOff = ws.at(out);
            for (int g = 0; g < groups.length; g++) {
                if (runs == null) {
                    k.run(groups[g], ws.arena, inOff + g * inPerGroup, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, relu);
                } else {
                    k.run(groups[g], runs[g], ws.arena, inOff, in.pixelStride(),
                            ws.arena, outOff + g * outPerGroup, out.pixelStride(), begin, end, relu);
                }
            }
        }
    }

    static final class Depthwise extends BaseStep {
        private final DepthwiseConv3x3Kernel k;
        private final DepthwiseConv3x3Kernel.PackedWeights w;
        private final TensorView in, out;
        private final int stride;
        private final boolean relu;

        Depthwise(String name, DepthwiseConv3x3Kernel k, DepthwiseConv3x3Kernel.PackedWeights w,
                  TensorView in, TensorView out, int stride, boolean relu) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.w = w;
            this.in = in;
            this.out = out;
            this.stride = stride;
            this.relu = relu;
        }

        @Override public int units(int batch) { return batch * out.height(); }
        @Override public UnitKind unitKind() { return UnitKind.ROW; }
        @Override public int pixelsPerUnit() { return out.width(); }
        @Override public long costPerUnit() { return 9L * out.channels() * out.width(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.run(w, stride, in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    static final class DirectConv extends BaseStep {
        private final DirectConvKernel k;
        private final DirectConvKernel.PackedWeights w;
        private final TensorView in, out;
        private final int strideH, strideW, padTop, padLeft, padBottom, padRight;
        private final boolean relu;

        DirectConv(String name, DirectConvKernel k, DirectConvKernel.PackedWeights w, TensorView in, TensorView out,
                   int strideH, int strideW, int padTop, int padLeft, int padBottom, int padRight, boolean relu) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.w = w;
            this.in = in;
            this.out = out;
            this.strideH = strideH;
            this.strideW = strideW;
            this.padTop = padTop;
            this.padLeft = padLeft;
            this.padBottom = padBottom;
            this.padRight = padRight;
            this.relu = relu;
        }

        @Override public int units(int batch) { return batch * out.height(); }
        @Override public UnitKind unitKind() { return UnitKind.ROW; }
        @Override public int pixelsPerUnit() { return out.width(); }
        @Override public long costPerUnit() { return 9L * in.channels() * out.channels() * out.width(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.run(w, in.height(), in.width(), strideH, strideW, padTop, padLeft, padBottom, padRight,
                    ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    /** Max or average pooling. */
    static final class Pool extends BaseStep {
        private final PoolKernel k;
        private final TensorView in, out;
        private final int kh, kw, sh, sw, pt, pl, pb, pr;
        private final boolean max, countIncludePad, relu;

        Pool(String name, PoolKernel k, TensorView in, TensorView out, boolean max, int kh, int kw, int sh, int sw,
             int pt, int pl, int pb, int pr, boolean countIncludePad, boolean relu) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.in = in;
            this.out = out;
            this.max = max;
            this.kh = kh;
            this.kw = kw;
            this.sh = sh;
            this.sw = sw;
            this.pt = pt;
            this.pl = pl;
            this.pb = pb;
            this.pr = pr;
            this.countIncludePad = countIncludePad;
            this.relu = relu;
        }

        @Override public int units(int batch) { return batch * out.height(); }
        @Override public UnitKind unitKind() { return UnitKind.ROW; }
        @Override public int pixelsPerUnit() { return out.width(); }
        @Override public long costPerUnit() { return (long) kh * kw * out.channels() * out.width(); }

        @Override public void run(Workspace ws, int begin, int end) {
            if (max) {
                k.maxPool(in.channels(), in.height(), in.width(), kh, kw, sh, sw, pt, pl, pb, pr,
                        ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
            } else {
                k.avgPool(in.channels(), in.height(), in.width(), kh, kw, sh, sw, pt, pl, pb, pr, countIncludePad,
                        ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
            }
        }
    }

    static final class GlobalPool extends BaseStep {
        private final PoolKernel k;
        private final TensorView in, out;

        GlobalPool(String name, PoolKernel k, TensorView in, TensorView out) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.in = in;
            this.out = out;
        }

        @Override public int units(int batch) { return batch; }
        @Override public UnitKind unitKind() { return UnitKind.IMAGE; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return (long) in.channels() * in.pixelsPerImage(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.globalAvgPool(in.channels(), in.pixelsPerImage(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** General channel shuffle with g groups into a new tensor. */
    static final class Shuffle extends BaseStep {
        private final ChannelShuffleKernel k;
        private final TensorView in, out;
        private final int groups;

        Shuffle(String name, ChannelShuffleKernel k, TensorView in, TensorView out, int groups) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.in = in;
            this.out = out;
            this.groups = groups;
        }

        @Override public int units(int batch) { return batch * out.pixelsPerImage(); }
        @Override public UnitKind unitKind() { return UnitKind.PIXEL; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return 8L * out.channels(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.shuffle(in.channels(), groups, ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end);
        }
    }

    /** ShuffleNet v2's concat + shuffle(2) + split in one pass: a, b halves in; out = [lo | hi]. */
    static final class ConcatShuffleSplit extends BaseStep {
        private final ChannelShuffleKernel k;
        private final TensorView a, b, lo, hi;

        ConcatShuffleSplit(String name, ChannelShuffleKernel k, TensorView a, TensorView b, TensorView out) {
            super(name, k.name(), List.of(a, b), List.of(out));
            this.k = k;
            this.a = a;
            this.b = b;
            int half = a.channels();
            this.lo = out.slice(0, half);
            this.hi = out.slice(half, 2 * half);
        }

        @Override public int units(int batch) { return batch * a.pixelsPerImage(); }
        @Override public UnitKind unitKind() { return UnitKind.PIXEL; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return 16L * a.channels(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.concatShuffleSplit(a.channels(), ws.arena, ws.at(a), a.pixelStride(), ws.arena, ws.at(b), b.pixelStride(),
                    ws.arena, ws.at(lo), lo.pixelStride(), ws.arena, ws.at(hi), hi.pixelStride(), begin, end);
        }
    }

    static final class Add extends BaseStep {
        private final ElementwiseKernel k;
        private final TensorView a, b, out;
        private final boolean relu;

        Add(String name, ElementwiseKernel k, TensorView a, TensorView b, TensorView out, boolean relu) {
            super(name, k.name(), List.of(a, b), List.of(out));
            this.k = k;
            this.a = a;
            this.b = b;
            this.out = out;
            this.relu = relu;
        }

        @Override public int units(int batch) { return batch * out.pixelsPerImage(); }
        @Override public UnitKind unitKind() { return UnitKind.PIXEL; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return 8L * out.channels(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.add(out.channels(), ws.arena, ws.at(a), a.pixelStride(), ws.arena, ws.at(b), b.pixelStride(),
                    ws.arena, ws.at(out), out.pixelStride(), begin, end, relu);
        }
    }

    /** ReLU, copy (a concat member that could not be written in place) or softmax. */
    static final class Unary extends BaseStep {
        enum Kind { RELU, COPY, SOFTMAX }

        private final ElementwiseKernel k;
        private final TensorView in, out;
        private final Kind kind;

        Unary(String name, ElementwiseKernel k, Kind kind, TensorView in, TensorView out) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.kind = kind;
            this.in = in;
            this.out = out;
        }

        @Override public int units(int batch) { return batch * out.pixelsPerImage(); }
        @Override public UnitKind unitKind() { return UnitKind.PIXEL; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return 8L * out.channels(); }

        @Override public void run(Workspace ws, int begin, int end) {
            int c = out.channels();
            switch (kind) {
                case RELU -> k.relu(c, ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
                case COPY -> k.copy(c, ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
                case SOFTMAX -> k.softmax(c, ws.arena, ws.at(in), in.pixelStride(), ws.arena, ws.at(out), out.pixelStride(), begin, end);
            }
        }
    }

    /** Flatten of a map with H*W > 1: NCHW order, as ONNX defines it. */
    static final class FlattenNchw extends BaseStep {
        private final LayoutKernel k;
        private final TensorView in, out;

        FlattenNchw(String name, LayoutKernel k, TensorView in, TensorView out) {
            super(name, k.name(), List.of(in), List.of(out));
            this.k = k;
            this.in = in;
            this.out = out;
        }

        @Override public int units(int batch) { return batch; }
        @Override public UnitKind unitKind() { return UnitKind.IMAGE; }
        @Override public int pixelsPerUnit() { return 1; }
        @Override public long costPerUnit() { return 8L * in.channels() * in.pixelsPerImage(); }

        @Override public void run(Workspace ws, int begin, int end) {
            k.nhwcToNchw(in.channels(), in.height(), in.width(), ws.arena, ws.at(in), in.pixelStride(),
                    ws.arena, ws.at(out), begin, end);
        }
    }
}
