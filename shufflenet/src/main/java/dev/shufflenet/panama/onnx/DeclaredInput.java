package dev.shufflenet.panama.onnx;

/**
 * The image input as the ONNX file declares it: its name, the channel count (always fixed) and the batch,
 * height and width, each either a fixed size or {@link #DYNAMIC}.
 *
 * <p>A fixed size is part of the model: the importer computes size-dependent attributes (auto_pad=SAME
 * with a stride above 1, ceil_mode, shape arithmetic) for that size only, so running the model at another
 * size would give another network's answer. ONNX Runtime refuses such input; {@link #checkSize} and
 * {@link #checkBatch} are the same refusal for this library, to be called at compile and at run time.
 */
public record DeclaredInput(String name, int channels, int batch, int height, int width) {
    /** A dimension the file leaves symbolic or unset: any size is valid. */
    public static final int DYNAMIC = -1;

    public boolean batchFixed() { return batch != DYNAMIC; }

    public boolean sizeFixed() { return height != DYNAMIC || width != DYNAMIC; }

    /** Refuses a compile size that contradicts a fixed height or width. */
    public void checkSize(int compileHeight, int compileWidth) {
        if ((height != DYNAMIC && height != compileHeight) || (width != DYNAMIC && width != compileWidth))
            throw new IllegalArgumentException("input '" + name + "' is fixed at " + describe(height) + "x"
                    + describe(width) + " (height x width) in the model file, found compile size " + compileHeight
                    + "x" + compileWidth + "; compile at the declared size (size-dependent padding and shapes were"
                    + " computed for it)");
    }

    /** Refuses a batch (a run's, or a compile's maximum) that contradicts a fixed batch. */
    public void checkBatch(int runBatch) {
        if (batch != DYNAMIC && batch != runBatch)
            throw new IllegalArgumentException("input '" + name + "' has a fixed batch of " + batch
                    + " in the model file, found batch " + runBatch);
    }

    private static String describe(int d) { return d == DYNAMIC ? "any" : String.valueOf(d); }
}
