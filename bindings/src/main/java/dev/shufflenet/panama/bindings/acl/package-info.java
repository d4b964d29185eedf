/**
 * FFM bindings to {@code libshufflenet_acl}, the C shim over Arm Compute Library (ACL) 24.11 built from
 * {@code native/} (linux-aarch64 only).
 *
 * <ul>
 *   <li>{@code shufflenet_acl_h}: the raw binding, jextract-shaped, package-private behind the checked
 *       handles;</li>
 *   <li>{@link dev.shufflenet.panama.bindings.acl.AclLibrary}: finds and loads the shim once per JVM, on first
 *       use, through the shared {@link dev.shufflenet.panama.bindings.NativeLibrary}, never throws, and reports
 *       an {@link dev.shufflenet.panama.bindings.acl.AclStatus};</li>
 *   <li>{@link dev.shufflenet.panama.bindings.acl.AclGemmHandle}: a GEMM configured once per shape and run many
 *       times, every size and extent checked in Java before the downcall.</li>
 * </ul>
 * On any platform other than linux-aarch64 the status says the shim is absent, and nothing else happens.
 */
package dev.shufflenet.panama.bindings.acl;
