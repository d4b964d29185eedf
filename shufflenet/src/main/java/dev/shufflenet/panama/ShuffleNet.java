package dev.shufflenet.panama;

import dev.shufflenet.panama.graph.Graph;
import dev.shufflenet.panama.models.MobileNetV1;
import dev.shufflenet.panama.models.MobileNetV2;
import dev.shufflenet.panama.models.ShuffleNetV1;
import dev.shufflenet.panama.models.ShuffleNetV2;
import dev.shufflenet.panama.onnx.OnnxExporter;
import dev.shufflenet.panama.onnx.OnnxImporter;
import dev.shufflenet.panama.tuning.CalibrationProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point: the built-in architectures ("v2-1.0", "v1-g3-1.0", "mobilenet-v2-1.0", ... see
 * {@link #builtInNames()}) and ONNX files, as {@link Graph}s to compile.
 *
 * <pre>{@code
 * Graph g = ShuffleNet.builtIn("v2-1.0");              // or ShuffleNet.load(Path.of("model.onnx"))
 * try (CompiledModel m = CompiledModel.compile(g, CompileOptions.defaults())) {
 *     float[] logits = m.run(image, 1);                  // image: float[1 * 3 * 224 * 224], NCHW
 * }
 * }</pre>
 */
public final class ShuffleNet {
    /** Seed of the built-in models' weights: the same numbers everywhere. */
    public static final long DEFAULT_SEED = 1234;
    public static final int IMAGENET_CLASSES = 1000;

    private ShuffleNet() {}

    /**
     * MobileNet v1 1.0 and v2 1.0 (the papers' comparison rows): the family, its version and its width as
     * the ShuffleNets' names have them ("v2-1.0"), with the family first, since "v1-"/"v2-" alone are ShuffleNet.
     */
    public static final String MOBILENET_V1 = "mobilenet-v1-1.0", MOBILENET_V2 = "mobilenet-v2-1.0";

    /** Names of the built-in architectures, e.g. "v2-1.0". */
    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        for (ShuffleNetV2.Width w : ShuffleNetV2.Width.values()) names.add("v2-" + w.label());
        for (int g : ShuffleNetV1.GROUPS)
            for (String w : ShuffleNetV1.WIDTHS) names.add("v1-g" + g + "-" + w);
        names.add(MOBILENET_V1);
        names.add(MOBILENET_V2);
        return names;
    }

    /**
     * A built-in architecture with <b>seeded random weights</b> ({@link #DEFAULT_SEED}), not trained ones:
     * right for measuring speed and checking numerics, but its "classes" mean nothing, and
     * {@link Graph#syntheticWeights()} says so. For real predictions load trained weights with
     * {@link #load(Path)}: torchvision's pretrained ShuffleNet v2 exported to ONNX, or the ONNX model zoo's
     * {@code shufflenet-v2-10.onnx} (README, "Real weights").
     */
    public static Graph builtIn(String name) {
        if (name == null) throw new IllegalArgumentException("built-in model name must not be null; known: " + builtInNames());
        // Checked against the list first: a name like "v1-g99999999999-1.0" is unknown, not a number to parse.
        if (!builtInNames().contains(name))
            throw new IllegalArgumentException("unknown built-in model '" + name + "'; known: " + builtInNames());
        String note = "seeded random weights (seed " + DEFAULT_SEED + "), not trained: its classes mean nothing";
        if (name.equals(MOBILENET_V1))
            return MobileNetV1.build(IMAGENET_CLASSES, DEFAULT_SEED).withSyntheticWeights(note);
        if (name.equals(MOBILENET_V2))
            return MobileNetV2.build(IMAGENET_CLASSES, DEFAULT_SEED).withSyntheticWeights(note);
        if (name.startsWith("v2-")) {
            return ShuffleNetV2.build(ShuffleNetV2.Width.of(name.substring(3)), IMAGENET_CLASSES, DEFAULT_SEED)
                    .withSyntheticWeights(note);
        }
        String[] parts = name.split("-");
        int groups = Integer.parseInt(parts[1].substring(1));
        return ShuffleNetV1.build(groups, parts[2], IMAGENET_CLASSES, DEFAULT_SEED).withSyntheticWeights(note);
    }

    /**
     * An ONNX file. When the file fixes the input height and width, that is the size
     * {@link CompileOptions#defaults()} compiles at, and another size is refused; dynamic sizes compile
     * at any size (224 x 224 by default).
     */
    public static Graph load(Path onnxFile) throws IOException {
        if (onnxFile == null) throw new IllegalArgumentException("ONNX file path must not be null");
        return OnnxImporter.load(onnxFile);
    }

    /** A built-in name, or else a path to an ONNX file. */
    public static Graph resolve(String modelNameOrPath) throws IOException {
        if (modelNameOrPath == null)
            throw new IllegalArgumentException("model name or path must not be null; built-in models: " + builtInNames());
        if (builtInNames().contains(modelNameOrPath)) return builtIn(modelNameOrPath);
        Path p = Path.of(modelNameOrPath);
        if (!Files.isRegularFile(p))
            throw new IllegalArgumentException("model '" + modelNameOrPath + "' is neither a built-in model "
                    + builtInNames() + " nor an existing file");
        return load(p);
    }

    /**
     * Calibrates ahead of time: compiles the graph with {@link Backend#AUTO} and the options' size, batch
     * and threads, which times every GEMM candidate on the layer shapes not yet in this machine's profile
     * and saves the answers, then closes it. Later compiles of those shapes start at once.
     *
     * @return this machine's profile, after the calibration
     */
    public static CalibrationProfile calibrate(Graph graph, CompileOptions options) {
        if (options == null) throw new IllegalArgumentException("options must not be null");
        try (CompiledModel ignored = CompiledModel.compile(graph, options.withBackend(Backend.AUTO))) {
            return CalibrationProfile.forThisMachine();
        }
    }

    /** Writes a graph as a standard ONNX model with its weights. */
    public static void export(Graph graph, Path onnxFile) throws IOException {
        if (graph == null) throw new IllegalArgumentException("graph must not be null");
        if (onnxFile == null) throw new IllegalArgumentException("ONNX file path must not be null");
        OnnxExporter.write(graph, onnxFile);
    }
}
