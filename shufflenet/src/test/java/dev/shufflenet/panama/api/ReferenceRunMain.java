package dev.shufflenet.panama.api;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.testing.ReferenceFiles;

import java.util.Locale;

/**
 * Run in a child JVM by {@link StartWithoutVectorModuleTest}: the torchvision reference model on the
 * reference input with the backend given as the argument; prints the relative max error against PyTorch's
 * logits and whether the Vector API module is present.
 */
public final class ReferenceRunMain {
    public static void main(String[] args) throws Exception {
        Backend backend = Backend.parse(args[0]);
        float[] input = ReferenceFiles.readFloats(ReferenceFiles.V2_INPUT, 2 * 3 * 224 * 224);
        float[] expected = ReferenceFiles.readFloats(ReferenceFiles.V2_TORCH_OUTPUT, 2 * 1000);
        try (CompiledModel m = CompiledModel.compile(ShuffleNet.load(ReferenceFiles.file(ReferenceFiles.V2_MODEL)),
                CompileOptions.defaults().withMaxBatch(2).withBackend(backend))) {
            float[] actual = m.run(input, 2);
            double maxDiff = 0, maxRef = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
                maxRef = Math.max(maxRef, Math.abs(expected[i]));
            }
            System.out.printf(Locale.ROOT, "vectorModule=%s relErr=%.3e%n",
                    ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), maxDiff / maxRef);
        }
    }
}
