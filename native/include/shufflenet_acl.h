/*
 * shufflenet_acl.h - C ABI over the Arm Compute Library (ACL) 24.11 NEON/SVE runtime, for the two
 * operations ShuffleNet spends its time in: 1x1 convolutions (a GEMM) and depthwise 3x3 convolutions.
 *
 * Why a shim: ACL's own C API (arm_compute/Acl*.h) offers only an activation operator; GEMM and
 * convolutions exist only as C++ classes. This library wraps them behind plain C functions that Java's
 * FFM can call. Nothing thrown inside ACL ever crosses this ABI: every function catches it and returns a
 * status code; the message is kept per thread and read with shufflenet_acl_last_error().
 *
 * Usage pattern: configure a handle once per shape (create), run it many times on caller-owned memory,
 * destroy it. Buffers are imported without copies (ACL's import_memory), so:
 *   - weights and bias passed to a create function are read on the first run (ACL packs them then) and
 *     must stay valid and unchanged until the handle is destroyed;
 *   - activation pointers passed to a run function are used only during that call.
 * All matrices and images are float32, row-major / NHWC, with explicit strides counted in floats.
 *
 * Threads: by default ACL runs single-threaded in the calling thread (callers split work themselves),
 * and distinct handles may run concurrently from different threads. One handle must never run on two
 * threads at once. shufflenet_acl_set_threads(n > 1) switches ACL to its own thread pool; then runs must
 * not overlap at all (the pool is process-wide).
 */
#ifndef SHUFFLENET_ACL_H
#define SHUFFLENET_ACL_H

#include <stdint.h>

#if defined(__GNUC__)
#define SHUFFLENET_ACL_API __attribute__((visibility("default"))) /* the build hides everything else */
#else
#define SHUFFLENET_ACL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this C ABI; bumped whenever a signature or a contract below changes. */
#define SHUFFLENET_ACL_ABI_VERSION 1

/* Status codes returned by every function that can fail. */
#define SHUFFLENET_ACL_OK 0
#define SHUFFLENET_ACL_INVALID_ARGUMENT 1 /* a null pointer, a non-positive size, a stride below a width */
#define SHUFFLENET_ACL_UNSUPPORTED 2      /* ACL's validate() rejected the configuration */
#define SHUFFLENET_ACL_OUT_OF_MEMORY 3    /* std::bad_alloc inside ACL or the shim */
#define SHUFFLENET_ACL_INTERNAL 4         /* any other exception thrown by ACL */

/* Flags for the create functions. */
#define SHUFFLENET_ACL_RELU 1 /* fuse max(0, x) into the output */

/* Opaque handles. */
typedef struct shufflenet_acl_gemm shufflenet_acl_gemm;

/* Returns SHUFFLENET_ACL_ABI_VERSION of the library actually loaded (callers compare it with theirs). */
SHUFFLENET_ACL_API int32_t shufflenet_acl_abi_version(void);

/*
 * Describes the library: shim ABI, ACL version, scheduler and thread count, CPU features ACL detected.
 * Static storage, valid for the life of the process; rebuilt by shufflenet_acl_set_threads().
 */
SHUFFLENET_ACL_API const char *shufflenet_acl_info(void);

/* The message of the last failure on the calling thread ("" if none); valid until this thread's next call. */
SHUFFLENET_ACL_API const char *shufflenet_acl_last_error(void);

/*
 * Picks ACL's scheduler: threads <= 1 runs every operation in the calling thread (the default);
 * threads > 1 uses ACL's C++ thread pool with that many threads. Call it before creating handles.
 */
SHUFFLENET_ACL_API int32_t shufflenet_acl_set_threads(int32_t threads);

/*
 * GEMM: C[m][n] = act(A[m][k] * B[k][n] + bias[n]), all row-major with leading dimensions (row strides,
 * in floats) lda >= k, ldb >= n, ldc >= n. A pointwise (1x1) convolution over NHWC pixels is this GEMM
 * with m = pixels, k = input channels, n = output channels, lda/ldc = the pixel strides, and B the
 * transposed ONNX weight. Columns n..ldc-1 of C are never written.
 *
 * b:    k x n weights (read at the first run, kept by ACL in its own packed layout afterwards);
 * bias: n floats, or NULL for none;
 * flags: 0 or SHUFFLENET_ACL_RELU.
 * On success *out holds a new handle; on failure *out is NULL and the status says why.
 */
SHUFFLENET_ACL_API int32_t shufflenet_acl_gemm_create(int32_t m, int32_t n, int32_t k, int32_t lda, int32_t ldb,
                                                      int32_t ldc, const float *b, const float *bias, int32_t flags,
                                                      shufflenet_acl_gemm **out);

/* Computes C from A with the handle's shape; a spans (m-1)*lda + k floats, c spans (m-1)*ldc + n floats. */
SHUFFLENET_ACL_API int32_t shufflenet_acl_gemm_run(shufflenet_acl_gemm *gemm, const float *a, float *c);

/* Frees the handle (NULL is ignored). */
SHUFFLENET_ACL_API void shufflenet_acl_gemm_destroy(shufflenet_acl_gemm *gemm);

#ifdef __cplusplus
}
#endif

#endif /* SHUFFLENET_ACL_H */
