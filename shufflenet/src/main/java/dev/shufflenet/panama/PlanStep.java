package dev.shufflenet.panama;

import java.util.List;

/**
 * One step of a compiled model's plan, as {@link CompiledModel#steps()} reports it: what runs, on which
 * backend, what it reads and writes, and how its work is split.
 *
 * @param name          the graph node, or the fused nodes joined by "+" (e.g. "stage2_1_gconv1+relu")
 * @param kernel        the kernel's name, the literal in its source (e.g. "f32-gemm-6x4v-relu-vector256")
 * @param backend       who runs it: "java" (Vector API kernels), "scalar" (their scalar twins),
 *                      "openblas" or "acl" (native GEMMs)
 * @param reads         the workspace tensors it reads (the caller's input array is not one)
 * @param writes        the workspace tensors it writes (the caller's output array is not one)
 * @param unit          what its work units are; any split of them among threads is valid
 * @param unitsPerImage work units per image of the batch
 * @param channelRuns   for a 1x1 conv that reads a folded channel shuffle: the channel runs it reads per
 *                      input pixel; 0 for a plain read
 */
public record PlanStep(String name, String kernel, String backend, List<Tensor> reads, List<Tensor> writes,
                       WorkUnit unit, int unitsPerImage, int channelRuns) {

    public PlanStep {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }

    /** A tensor of one image: its graph value's name and shape, [C, H, W] or [C] for a flat one. */
    public record Tensor(String name, List<Integer> shape) {
        public Tensor {
            shape = List.copyOf(shape);
        }
    }

    /**
     * Pixels for per-pixel ops, output rows for spatial ops, images for whole-image ops, and slices of output
     * channels for 1x1 convs on maps too small to share out by pixels among threads.
     */
    public enum WorkUnit { PIXELS, ROWS, IMAGES, OUTPUT_CHANNELS }

    /** The kernel as {@code info --plan} and {@code profile} print it: with the runs of a folded shuffle read. */
    public String kernelLabel() {
        return channelRuns == 0 ? kernel : kernel + " (shuffled read, " + channelRuns + " runs)";
    }

    @Override public String toString() { return name + " [" + kernelLabel() + "]"; }
}
