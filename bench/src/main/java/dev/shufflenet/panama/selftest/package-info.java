/**
 * {@code shufflenet selftest}: the kernels' correctness checks ({@code dev.shufflenet.panama.kernels.check}, the
 * same sweeps the unit tests run) on this machine without Maven, at this JVM's species and in a child JVM at
 * 128 bits, the native GEMM backends found against the scalar twin, and the torchvision reference model end to
 * end against PyTorch's logits; one summary, or one JSON record that {@code paper compare} puts beside the speed
 * tables.
 */
package dev.shufflenet.panama.selftest;
