package dev.shufflenet.panama.bench;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.graph.Graph;

/** This library: a model compiled for exactly the batch and threads measured, run through the allocation-free call. */
final class PanamaContender implements Contender {
    private final CompiledModel model;
    private final float[] input;
    private final float[] output;
    private final int batch;

    PanamaContender(Graph graph, float[] input, int batch, int height, int width, int threads, Backend backend) {
        this.model = CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(height, width)
                .withMaxBatch(batch).withThreads(threads).withBackend(backend));
        this.input = input;
        this.batch = batch;
        this.output = new float[batch * model.outputSize()];
    }

    @Override public String engine() { return "panama"; }

    @Override public String backend() { return model.backend().name().toLowerCase(java.util.Locale.ROOT); }

    @Override public void runOnce() { model.run(input, 0, batch, output, 0); }

    @Override public float[] lastOutput() { return output.clone(); }

    @Override public void close() { model.close(); }
}
