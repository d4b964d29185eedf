// Depthwise 3x3 handles over NEDepthwiseConvolutionLayer on caller-owned NHWC images with pixel strides.
#include "shufflenet_acl.h"

#include "runtime.h"
#include "status.h"
#include "tensor_views.h"

#include "arm_compute/core/Types.h"
#include "arm_compute/function_info/ActivationLayerInfo.h"
#include "arm_compute/runtime/NEON/functions/NEDepthwiseConvolutionLayer.h"
#include "arm_compute/runtime/Tensor.h"

#include <memory>
#include <string>

using namespace arm_compute;
using namespace shufflenet_acl;

struct shufflenet_acl_dwconv {
    // Declared before `function`, so they outlive it: the layer keeps pointers to them.
    Tensor in, weights, bias, out;
    NEDepthwiseConvolutionLayer function;
};

namespace {

const char *const CREATE = "shufflenet_acl_dwconv3x3_create";

struct Geometry {
    int32_t batch, in_h, in_w, channels, in_stride, out_stride, stride, pad_top, pad_bottom;

    int32_t out_h() const { return (in_h + pad_top + pad_bottom - 3) / stride + 1; }
    int32_t out_w() const { return (in_w - 1) / stride + 1; }

    std::string text() const {
        return "batch=" + std::to_string(batch) + " in=" + std::to_string(in_h) + "x" + std::to_string(in_w) +
               " channels=" + std::to_string(channels) + " strides=" + std::to_string(in_stride) + "/" +
               std::to_string(out_stride) + " stride=" + std::to_string(stride) +
               " pad_top=" + std::to_string(pad_top) + " pad_bottom=" + std::to_string(pad_bottom);
    }

    // Empty when ACL can be asked for this convolution.
    std::string problem() const {
        if (batch <= 0 || in_h <= 0 || in_w <= 0 || channels <= 0)
            return "batch, in_h, in_w and channels must be positive";
        if (in_stride < channels) return "in_pixel_stride must be at least channels";
        if (out_stride < channels) return "out_pixel_stride must be at least channels";
        if (stride != 1 && stride != 2) return "stride must be 1 or 2";
        if ((pad_top != 0 && pad_top != 1) || (pad_bottom != 0 && pad_bottom != 1))
            return "pad_top and pad_bottom must be 0 or 1";
        if (in_h + pad_top + pad_bottom < 3) return "in_h + pad_top + pad_bottom must be at least 3 (one 3x3 window)";
        return std::string();
    }
};

} // namespace

extern "C" int32_t shufflenet_acl_dwconv3x3_create(int32_t batch, int32_t in_h, int32_t in_w, int32_t channels,
                                                   int32_t in_pixel_stride, int32_t out_pixel_stride,
                                                   int32_t stride, int32_t pad_top, int32_t pad_bottom,
                                                   const float *weights_hwc, const float *bias, int32_t flags,
                                                   shufflenet_acl_dwconv **out) {
    return guarded(CREATE, [&]() -> int32_t {
        if (out == nullptr) return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, CREATE, "out is NULL");
        *out = nullptr;
        const Geometry g{batch, in_h, in_w, channels, in_pixel_stride, out_pixel_stride, stride, pad_top, pad_bottom};
        std::string problem = g.problem();
        if (problem.empty() && weights_hwc == nullptr) problem = "weights_hwc is NULL";
        if (problem.empty() && (flags & ~SHUFFLENET_ACL_RELU) != 0)
            problem = "unknown flag bits " + std::to_string(flags);
        if (!problem.empty()) return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, CREATE, problem + " (" + g.text() + ")");
        ensure_scheduler();

        // NHWC in ACL's innermost-first order is (C, W, H, N); pixels sit pixel_stride floats apart.
        const size_t c = size_t(channels), p = size_t(in_pixel_stride), q = size_t(out_pixel_stride);
        const size_t w = size_t(in_w), h = size_t(in_h), ow = size_t(g.out_w()), oh = size_t(g.out_h());
        const TensorInfo in_info = nhwc_info(c, w, h, size_t(batch), p);
        const TensorInfo out_info = nhwc_info(c, ow, oh, size_t(batch), q);
        // Weights [kh][kw][c]: in NHWC order that is (C, kernel W, kernel H).
        const TensorInfo weights_info = strided_info(TensorShape(c, 3, 3), {1, c, 3 * c}, DataLayout::NHWC);
        const TensorInfo bias_info = strided_info(TensorShape(c), {1}, DataLayout::NHWC);
        const bool has_bias = bias != nullptr;
        const PadStrideInfo conv_info(static_cast<unsigned>(stride), static_cast<unsigned>(stride), 1, 1,
                                      static_cast<unsigned>(pad_top), static_cast<unsigned>(pad_bottom),
                                      DimensionRoundingType::FLOOR);
        const ActivationLayerInfo act = (flags & SHUFFLENET_ACL_RELU)
                                            ? ActivationLayerInfo(ActivationLayerInfo::ActivationFunction::RELU)
                                            : ActivationLayerInfo();

        Status valid = NEDepthwiseConvolutionLayer::validate(&in_info, &weights_info,
                                                             has_bias ? &bias_info : nullptr, &out_info, conv_info, 1,
                                                             act);
        if (!bool(valid))
            return fail(SHUFFLENET_ACL_UNSUPPORTED, CREATE,
                        "NEDepthwiseConvolutionLayer::validate refused " + g.text() + ": " + valid.error_description());

        auto conv = std::make_unique<shufflenet_acl_dwconv>();
        conv->in.allocator()->init(in_info);
        conv->out.allocator()->init(out_info);
        conv->weights.allocator()->init(weights_info);
        if (has_bias) conv->bias.allocator()->init(bias_info);
        conv->function.configure(&conv->in, &conv->weights, has_bias ? &conv->bias : nullptr, &conv->out, conv_info,
                                 1, act);

        for (std::string change : {layout_change("input", conv->in, in_info),
                                   layout_change("output", conv->out, out_info),
                                   layout_change("weights", conv->weights, weights_info)})
            if (!change.empty()) return fail(SHUFFLENET_ACL_UNSUPPORTED, CREATE, change + " (" + g.text() + ")");

        import(conv->weights, weights_hwc, "weights");
        if (has_bias) import(conv->bias, bias, "bias");
        *out = conv.release();
        return SHUFFLENET_ACL_OK;
    });
}

extern "C" int32_t shufflenet_acl_dwconv3x3_run(shufflenet_acl_dwconv *conv, const float *in, float *out) {
    static const char *const RUN = "shufflenet_acl_dwconv3x3_run";
    return guarded(RUN, [&]() -> int32_t {
        if (conv == nullptr || in == nullptr || out == nullptr)
            return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, RUN,
                        std::string(conv == nullptr ? "conv" : in == nullptr ? "in" : "out") + " is NULL");
        import(conv->in, in, "input");
        import(conv->out, out, "output");
        conv->function.run(); // the first run also packs the weights
        return SHUFFLENET_ACL_OK;
    });
}

extern "C" void shufflenet_acl_dwconv3x3_destroy(shufflenet_acl_dwconv *conv) {
    try {
        delete conv;
    } catch (...) {
        // Nothing to report from a void function; see shufflenet_acl_gemm_destroy.
    }
}
