package dev.shufflenet.panama.bench;

/** Everything a reader needs to interpret the numbers that follow: machine, peer and method. */
public record BenchHeader(MachineFacts machine, OnnxRuntimeAvailability ort, BenchSettings settings) {}
