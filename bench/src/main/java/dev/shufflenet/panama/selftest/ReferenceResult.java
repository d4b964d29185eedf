package dev.shufflenet.panama.selftest;

/**
 * The torchvision reference model end to end on one GEMM backend: max |ours - PyTorch| / max |PyTorch| over the
 * logits of both reference images as one batch and of the second image alone.
 */
public record ReferenceResult(String model, String backend, String kernelSet, double relativeError, double tolerance,
                              boolean ok, String error) {}
