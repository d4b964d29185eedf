// Self-check of libshufflenet_acl against plain loops, independent of Java: GEMM and depthwise 3x3 on strided
// views, with sentinels in the channels beside each output slice that must survive. `make check` runs it.
#include "shufflenet_acl.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace {

const float SENTINEL = -12345.f;
int failures = 0;

void expect(bool ok, const char *what) {
    if (!ok) {
        std::printf("FAIL %s\n", what);
        ++failures;
    }
}

// n floats that end exactly at an inaccessible page, so any read or write past the end faults at once
// (qemu-user honours mprotect). Freed at exit: a check program can afford the leak.
class GuardedFloats {
  public:
    explicit GuardedFloats(size_t n, float fill = 0.f) : n_(n) {
        const size_t page = size_t(sysconf(_SC_PAGESIZE));
        const size_t bytes = (n * sizeof(float) + page - 1) / page * page;
        char *base = static_cast<char *>(mmap(nullptr, bytes + page, PROT_READ | PROT_WRITE,
                                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        if (base == MAP_FAILED || mprotect(base + bytes, page, PROT_NONE) != 0) {
            std::perror("mmap");
            std::exit(2);
        }
        data_ = reinterpret_cast<float *>(base + bytes) - n;
        for (size_t i = 0; i < n; ++i) data_[i] = fill;
    }
    float *data() { return data_; }
    float &operator[](size_t i) { return data_[i]; }
    size_t size() const { return n_; }

  private:
    size_t n_;
    float *data_;
};

GuardedFloats random_floats(size_t n, std::mt19937 &rng) {
    std::uniform_real_distribution<float> d(-1.f, 1.f);
    GuardedFloats v(n);
    for (size_t i = 0; i < n; ++i) v[i] = d(rng);
    return v;
}

// |error| of a float dot product of length n, any order, with or without FMA: at most n * eps * sum|terms|.
bool close(double got, double want, double abs_sum, int n) {
    return std::fabs(got - want) <= (n + 2) * 1.2e-7 * abs_sum + 1e-30;
}

void check_gemm(int m, int n, int k, int lda, int ldc, bool bias, bool relu, std::mt19937 &rng) {
    // Views end at their last element (no trailing slack), right before a guard page.
    GuardedFloats a = random_floats(size_t(m - 1) * lda + k, rng), b = random_floats(size_t(k) * n, rng);
    GuardedFloats bv = random_floats(n, rng), c(size_t(m - 1) * ldc + n, SENTINEL);
    shufflenet_acl_gemm *g = nullptr;
    int st = shufflenet_acl_gemm_create(m, n, k, lda, n, ldc, b.data(), bias ? bv.data() : nullptr,
                                        relu ? SHUFFLENET_ACL_RELU : 0, &g);
    if (st != SHUFFLENET_ACL_OK) {
        std::printf("FAIL gemm create %d: %s\n", st, shufflenet_acl_last_error());
        ++failures;
        return;
    }
    for (int rep = 0; rep < 2; ++rep) expect(shufflenet_acl_gemm_run(g, a.data(), c.data()) == 0, "gemm run");
    int bad = 0;
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < ldc; ++j) {
            size_t at = size_t(i) * ldc + j;
            float got = at < c.size() ? c[at] : SENTINEL;
            if (j >= n) { bad += got != SENTINEL; continue; }
            double sum = bias ? bv[j] : 0, abs_sum = std::fabs(sum);
            for (int p = 0; p < k; ++p) {
                double t = double(a[size_t(i) * lda + p]) * b[size_t(p) * n + j];
                sum += t, abs_sum += std::fabs(t);
            }
            if (relu && sum < 0) sum = 0;
            bad += !close(got, sum, abs_sum, k);
        }
    std::printf("gemm m=%d n=%d k=%d lda=%d ldc=%d bias=%d relu=%d: %d bad\n", m, n, k, lda, ldc, bias, relu, bad);
    expect(bad == 0, "gemm values");
    shufflenet_acl_gemm_destroy(g);
}

} // namespace

int main() {
    std::printf("%s\n", shufflenet_acl_info());
    expect(shufflenet_acl_abi_version() == SHUFFLENET_ACL_ABI_VERSION, "abi version");
    std::mt19937 rng(42);
    check_gemm(64, 64, 64, 64, 64, false, false, rng);
    check_gemm(49, 58, 24, 24, 116, true, true, rng);   // output written into half of a 116-wide tensor
    check_gemm(37, 13, 29, 40, 21, true, false, rng);   // nothing a multiple of a vector
    check_gemm(1, 1000, 1024, 1024, 1000, true, false, rng); // the classifier
    shufflenet_acl_gemm *g = nullptr;
    expect(shufflenet_acl_gemm_create(4, 4, 4, 3, 4, 4, nullptr, nullptr, 0, &g) == SHUFFLENET_ACL_INVALID_ARGUMENT &&
               g == nullptr,
           "lda < k refused");
    std::printf("last error: %s\n", shufflenet_acl_last_error());
    std::printf(failures == 0 ? "shim_check: all passed\n" : "shim_check: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
