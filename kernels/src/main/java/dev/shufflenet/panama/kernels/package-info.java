/**
 * Compute kernels: each operation is an interface with a plain scalar implementation (the reference,
 * obviously correct) and a Vector API implementation; {@link dev.shufflenet.panama.kernels.KernelRegistry}
 * lists them and picks one per operation at start-up.
 *
 * <h2>Tensor convention: NHWC views</h2>
 * Activations are float32 in channels-last order. A <em>view</em> of a tensor is (array, offset,
 * pixelStride): channel {@code c} of pixel {@code p} sits at {@code offset + p * pixelStride + c}, with
 * {@code pixelStride >= channels}. Pixels run row-major over H and W, and the images of a batch follow
 * each other, so a batch of N images of H x W is just N*H*W pixels. A view with pixelStride larger than
 * its channel count is a channel slice of a wider tensor: that is how concatenation and split cost
 * nothing (producers write straight into their slice; consumers read theirs).
 *
 * <h2>Work splitting</h2>
 * Every kernel takes a range of its natural work unit (pixels for pointwise ops, output rows for
 * spatial ones) so the runtime can hand disjoint ranges to threads. Kernels never allocate in their
 * run methods and check their arguments once, at the boundary.
 */
package dev.shufflenet.panama.kernels;
