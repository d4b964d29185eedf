/**
 * Kernels backed by Arm Compute Library through the native shim ({@code dev.shufflenet.panama.bindings.acl}):
 * the pointwise (1x1) convolution and the FC layer as an ACL GEMM. Available on linux-aarch64 only, where
 * {@code AclLibrary} loaded the shim; {@code ifAvailable()} is empty elsewhere.
 *
 * <p>How it meets the kernel interface: ACL objects are configured for one shape, so each packed-weights object
 * keeps the handles it has configured, keyed by everything that fixes a shape (pixel range, strides, ReLU); the
 * runtime calls every layer with the same ranges again and again, so after the first inference nothing is
 * configured any more, and a call finds its handle without allocating. The weights live in native memory (ACL
 * keeps their address and packs them on the first run); activations stay in the runtime's {@code float[]}
 * arrays and are passed in place through {@code critical} downcalls, with no copy.
 */
package dev.shufflenet.panama.backend.acl;
