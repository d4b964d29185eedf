// GEMM handles over NEGEMM: C = act(A * B + bias) on caller-owned row-major matrices with leading dimensions.
#include "shufflenet_acl.h"

#include "runtime.h"
#include "status.h"
#include "tensor_views.h"

#include "arm_compute/function_info/ActivationLayerInfo.h"
#include "arm_compute/function_info/GEMMInfo.h"
#include "arm_compute/runtime/NEON/functions/NEGEMM.h"
#include "arm_compute/runtime/Tensor.h"

#include <memory>
#include <string>

using namespace arm_compute;
using namespace shufflenet_acl;

struct shufflenet_acl_gemm {
    // Declared before `function`, so they outlive it: NEGEMM keeps pointers to them.
    Tensor a, b, bias, c;
    bool has_bias = false;
    NEGEMM function;
};

namespace {

const char *const CREATE = "shufflenet_acl_gemm_create";

std::string shape_text(int32_t m, int32_t n, int32_t k, int32_t lda, int32_t ldb, int32_t ldc) {
    return "m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k) +
           " lda=" + std::to_string(lda) + " ldb=" + std::to_string(ldb) + " ldc=" + std::to_string(ldc);
}

// Returns an empty string when the arguments describe a GEMM this shim can hand to ACL.
std::string argument_problem(int32_t m, int32_t n, int32_t k, int32_t lda, int32_t ldb, int32_t ldc,
                             const float *b, int32_t flags) {
    if (m <= 0 || n <= 0 || k <= 0) return "m, n and k must be positive";
    if (lda < k) return "lda must be at least k";
    if (ldb < n) return "ldb must be at least n";
    if (ldc < n) return "ldc must be at least n";
    if (b == nullptr) return "b (the weights) is NULL";
    if ((flags & ~SHUFFLENET_ACL_RELU) != 0) return "unknown flag bits " + std::to_string(flags);
    return std::string();
}

} // namespace

extern "C" int32_t shufflenet_acl_gemm_create(int32_t m, int32_t n, int32_t k, int32_t lda, int32_t ldb,
                                              int32_t ldc, const float *b, const float *bias, int32_t flags,
                                              shufflenet_acl_gemm **out) {
    return guarded(CREATE, [&]() -> int32_t {
        if (out == nullptr) return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, CREATE, "out is NULL");
        *out = nullptr;
        const std::string shape = shape_text(m, n, k, lda, ldb, ldc);
        std::string problem = argument_problem(m, n, k, lda, ldb, ldc, b, flags);
        if (!problem.empty()) return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, CREATE, problem + " (" + shape + ")");
        ensure_scheduler();

        // ACL lists the innermost dimension first: a row-major rows x cols matrix is TensorShape(cols, rows).
        const TensorInfo a_info = strided_info(TensorShape(k, m), {1, size_t(lda)});
        const TensorInfo b_info = strided_info(TensorShape(n, k), {1, size_t(ldb)});
        const TensorInfo c_info = strided_info(TensorShape(n, m), {1, size_t(ldc)});
        const TensorInfo bias_info = strided_info(TensorShape(n), {1});
        const bool has_bias = bias != nullptr;
        // beta = 1 with a 1-D C is how NEGEMM takes a bias broadcast over rows (fused into its assembly kernels).
        const float beta = has_bias ? 1.f : 0.f;

        GEMMInfo gemm_info; // B is reshaped (packed) on the first run only: the weights are constant
        if (flags & SHUFFLENET_ACL_RELU)
            gemm_info.set_activation_info(ActivationLayerInfo(ActivationLayerInfo::ActivationFunction::RELU));

        Status valid = NEGEMM::validate(&a_info, &b_info, has_bias ? &bias_info : nullptr, &c_info, 1.f, beta,
                                        gemm_info);
        if (!bool(valid))
            return fail(SHUFFLENET_ACL_UNSUPPORTED, CREATE,
                        "NEGEMM::validate refused " + shape + ": " + valid.error_description());

        auto gemm = std::make_unique<shufflenet_acl_gemm>();
        gemm->has_bias = has_bias;
        gemm->a.allocator()->init(a_info);
        gemm->b.allocator()->init(b_info);
        gemm->c.allocator()->init(c_info);
        if (has_bias) gemm->bias.allocator()->init(bias_info);
        gemm->function.configure(&gemm->a, &gemm->b, has_bias ? &gemm->bias : nullptr, &gemm->c, 1.f, beta,
                                 gemm_info);

        for (std::string change : {layout_change("A", gemm->a, a_info), layout_change("B", gemm->b, b_info),
                                   layout_change("C", gemm->c, c_info)})
            if (!change.empty()) return fail(SHUFFLENET_ACL_UNSUPPORTED, CREATE, change + " (" + shape + ")");

        import(gemm->b, b, "B");
        if (has_bias) import(gemm->bias, bias, "bias");
        *out = gemm.release();
        return SHUFFLENET_ACL_OK;
    });
}

extern "C" int32_t shufflenet_acl_gemm_run(shufflenet_acl_gemm *gemm, const float *a, float *c) {
    static const char *const RUN = "shufflenet_acl_gemm_run";
    return guarded(RUN, [&]() -> int32_t {
        if (gemm == nullptr || a == nullptr || c == nullptr)
            return fail(SHUFFLENET_ACL_INVALID_ARGUMENT, RUN,
                        std::string(gemm == nullptr ? "gemm" : a == nullptr ? "a" : "c") + " is NULL");
        import(gemm->a, a, "A");
        import(gemm->c, c, "C");
        gemm->function.run(); // the first run also packs B
        return SHUFFLENET_ACL_OK;
    });
}

extern "C" void shufflenet_acl_gemm_destroy(shufflenet_acl_gemm *gemm) {
    try {
        delete gemm;
    } catch (...) {
        // A destructor that throws cannot be reported from a void function; the memory is lost either way.
    }
}
