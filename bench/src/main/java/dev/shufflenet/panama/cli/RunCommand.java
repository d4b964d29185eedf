package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.Backend;
import dev.shufflenet.panama.CompileOptions;
import dev.shufflenet.panama.CompiledModel;
import dev.shufflenet.panama.classify.ImageClassifier;
import dev.shufflenet.panama.classify.ImageFiles;
import dev.shufflenet.panama.classify.ImageNetPreprocessing;
import dev.shufflenet.panama.classify.Prediction;
import dev.shufflenet.panama.graph.Graph;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Inference from the command line: a raw float32 NCHW tensor in, raw float32 logits out; or image files
 * in, classified with the library's {@link ImageClassifier} (ImageNet evaluation preprocessing, softmax,
 * class names), with the top classes printed, and a warning when the model's weights are random.
 */
@Command(name = "run", sortOptions = false,
        description = {"Run a model on a raw tensor file or on images.",
                "Tensor files are little-endian float32: input NCHW [N,C,H,W], output logits [N, classes].",
                "Images are resized (shorter side 256, antialiased bilinear as torchvision), center-cropped to 224,"
                        + " scaled to [0,1] and normalized with the ImageNet mean and std."})
final class RunCommand implements Callable<Integer> {

    @Option(names = {"--model", "--arch"}, required = true, paramLabel = "MODEL",
            description = "Built-in model name (e.g. v2-1.0) or ONNX file.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--input", paramLabel = "IN.f32", description = "Raw float32 NCHW input (needs --shape, --output).")
        Path input;

        @Option(names = "--image", paramLabel = "FILE", split = ",",
                description = "Image file(s) (PNG, JPEG, BMP, GIF; grey, alpha and 16-bit too); repeat the option or"
                        + " separate with commas.")
        List<Path> images;
    }

    @Option(names = "--shape", paramLabel = "N,C,H,W", converter = NchwShape.Converter.class,
            description = "Shape of --input, e.g. 1,3,224,224.")
    NchwShape shape;

    @Option(names = "--output", paramLabel = "OUT.f32", description = "Where to write the logits (float32 [N, classes]).")
    Path output;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T", converter = ThreadCountConverter.class,
            description = "Threads for one inference: a number or 'all' (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--backend", defaultValue = "auto", converter = BackendConverter.class,
            description = "GEMM backend: java, openblas, acl or auto (default: ${DEFAULT-VALUE}).")
    Backend backend;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K",
            description = "With --image: how many classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @picocli.CommandLine.Mixin
    LenientOption lenientOption;

    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        if (source.input != null) {
            if (shape == null) throw new CommandLine.ParameterException(cl, "--input needs --shape N,C,H,W");
            if (output == null) throw new CommandLine.ParameterException(cl, "--input needs --output OUT.f32");
        } else if (shape != null) {
            throw new CommandLine.ParameterException(cl, "--shape describes --input; images are always 3x"
                    + ImageNetPreprocessing.CROP + "x" + ImageNetPreprocessing.CROP + " after preprocessing");
        }
        if (top <= 0) throw new CommandLine.ParameterException(cl, "--top must be positive, found " + top);
        Graph graph = ModelArgument.resolve(cl, "--model", model, lenientOption.lenient);
        return source.input != null ? runTensor(cl, graph) : runImages(cl, graph);
    }

    private int runTensor(CommandLine cl, Graph graph) throws IOException {
        if (shape.c() != graph.inputChannels())
            throw new CommandLine.ParameterException(cl, "--shape " + shape + " has " + shape.c() + " channels, but "
                    + model + " takes " + graph.inputChannels());
        float[] input = Float32Files.read(source.input, shape);
        float[] logits;
        int classes;
        try (CompiledModel m = compile(graph, shape.h(), shape.w(), shape.n())) {
            logits = m.run(input, shape.n());
            classes = m.outputSize();
        }
        Float32Files.write(output, logits);
        NonFiniteLogits.refuse(model, logits, classes, "written to " + output + " as they are");
        PrintWriter out = cl.getOut();
        out.printf(Locale.ROOT, "%s: wrote logits [%d, %d] (float32 little-endian) to %s%n", model, shape.n(), classes,
                output);
        out.flush();
        return 0;
    }

    private int runImages(CommandLine cl, Graph graph) throws IOException {
        List<Path> paths = source.images;
        if (graph.inputChannels() != 3)
            throw new CommandLine.ParameterException(cl, model + " takes " + graph.inputChannels()
                    + " input channels; --image gives RGB (3)");
        // Decode everything first: a bad file is reported before the model is compiled.
        List<BufferedImage> images = new ArrayList<>();
        for (Path p : paths) images.add(ImageFiles.read(p));
        PrintWriter out = cl.getOut();
        int crop = ImageNetPreprocessing.CROP;
        List<List<Prediction>> results;
        float[] logits = null;
        int classes;
        try (CompiledModel m = compile(graph, crop, crop, images.size())) {
            ImageClassifier classifier = new ImageClassifier(m);
            classes = m.outputSize();
            try {
                results = classifier.classifyAll(images, top);
            } catch (IllegalStateException nonFinite) { // the classifier's refusal of NaN or infinite logits
                throw new UserInputException(nonFinite.getMessage(), nonFinite);
            }
            if (output != null) {
                float[] batch = new float[images.size() * ImageNetPreprocessing.FLOATS_PER_IMAGE];
                for (int i = 0; i < images.size(); i++)
                    ImageNetPreprocessing.transform(images.get(i), batch, i * ImageNetPreprocessing.FLOATS_PER_IMAGE);
                logits = m.run(batch, images.size());
            }
            m.syntheticWeights().ifPresent(note -> out.println("NOTE: " + model + " has " + note
                    + ". For real predictions give --model an ONNX file with trained weights (README, \"Real weights\")."));
        }
        if (output != null) Float32Files.write(output, logits);
        for (int i = 0; i < images.size(); i++) {
            out.println(paths.get(i) + ":");
            out.printf(Locale.ROOT, "  %4s %6s %12s %10s  %s%n", "rank", "class", "probability", "logit", "label");
            List<Prediction> best = results.get(i);
            for (int r = 0; r < best.size(); r++) {
                Prediction e = best.get(r);
                out.printf(Locale.ROOT, "  %4d %6d %12.6f %10.4f  %s%n", r + 1, e.classIndex(), e.probability(), e.logit(),
                        e.label());
            }
        }
        if (output != null)
            out.printf(Locale.ROOT, "wrote logits [%d, %d] (float32 little-endian) to %s%n", images.size(), classes, output);
        out.flush();
        return 0;
    }

    private CompiledModel compile(Graph graph, int h, int w, int batch) {
        return CompiledModel.compile(graph, CompileOptions.defaults().withInputSize(h, w).withMaxBatch(batch)
                .withThreads(threads).withBackend(backend));
    }
}
