package dev.shufflenet.panama.bench;

/**
 * One inference engine set up for one (model, batch, threads) with its input already in place, so that
 * {@link #runOnce()} is the call being timed and nothing else.
 */
interface Contender extends AutoCloseable {
    /** "panama" or "onnxruntime". */
    String engine();

    /** What runs the heavy layers, e.g. "auto" (our backend choice) or "cpu" (ORT's execution provider). */
    String backend();

    /** One inference of the whole batch. */
    void runOnce() throws Exception;

    /** The logits of the last {@link #runOnce()}, [batch, classes] row-major, as a new array. */
    float[] lastOutput();

    @Override
    void close() throws Exception;
}
