package dev.shufflenet.panama.classify;

import dev.shufflenet.panama.CompiledModel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Photos to classes with a compiled ImageNet classifier: decode ({@link ImageFiles}), torchvision's
 * evaluation transform ({@link ImageNetPreprocessing}), the model, softmax and top-k ({@link Softmax}),
 * named with the ImageNet class names ({@link ImageNetLabels}).
 *
 * <pre>{@code
 * try (CompiledModel model = CompiledModel.compile(ShuffleNet.load(Path.of("shufflenet-v2-10.onnx")),
 *                                                  CompileOptions.defaults())) {
 *     List<Prediction> top5 = new ImageClassifier(model).classify(Path.of("cat.jpg"), 5);
 *     // [(tabby, 0.61), (tiger cat, 0.22), ...]
 * }
 * }</pre>
 *
 * <p>The classifier does not own the model: close the model yourself. It is as thread-safe as the model.
 * A built-in model ({@code ShuffleNet.builtIn}) has seeded random weights, so its predictions mean nothing;
 * {@link #syntheticWeights()} says so.
 */
public final class ImageClassifier {
    private final CompiledModel model;
    private final IntFunction<String> labels;

    /**
     * @throws IllegalArgumentException unless the model takes 3 x 224 x 224 images (what the transform
     *                                  makes)
     */
    public ImageClassifier(CompiledModel model) {
        int crop = ImageNetPreprocessing.CROP;
        if (model.inputChannels() != 3 || model.height() != crop || model.width() != crop)
            throw new IllegalArgumentException("an image classifier needs a model compiled for 3 x " + crop + " x " + crop
                    + " input (ImageNet's evaluation crop), found " + model.inputChannels() + " x " + model.height()
                    + " x " + model.width());
        this.model = model;
        this.labels = Softmax.labelsFor(model.outputSize());
    }

    /** The k most probable classes of an image file, most probable first. */
    public List<Prediction> classify(Path imageFile, int k) throws IOException {
        return classify(ImageFiles.read(imageFile), k);
    }

    /** The k most probable classes of a decoded image, most probable first. */
    public List<Prediction> classify(BufferedImage image, int k) {
        return classifyAll(List.of(image), k).get(0);
    }

    /**
     * Several images in batches of up to the model's maxBatch: for each, its k most probable classes.
     */
    public List<List<Prediction>> classifyAll(List<BufferedImage> images, int k) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive, found " + k);
        int per = ImageNetPreprocessing.FLOATS_PER_IMAGE;
        int classes = model.outputSize();
        List<List<Prediction>> results = new ArrayList<>(images.size());
        int chunk = Math.min(model.maxBatch(), Math.max(1, images.size()));
        float[] input = new float[chunk * per];
        float[] logits = new float[chunk * classes];
        for (int start = 0; start < images.size(); start += chunk) {
            int n = Math.min(chunk, images.size() - start);
            for (int i = 0; i < n; i++) ImageNetPreprocessing.transform(images.get(start + i), input, i * per);
            model.run(input, 0, n, logits, 0);
            for (int i = 0; i < n; i++) results.add(Softmax.topK(logits, i * classes, classes, k, labels));
        }
        return results;
    }

    /** Present when the model's weights are not trained (see {@link CompiledModel#syntheticWeights()}). */
    public Optional<String> syntheticWeights() { return model.syntheticWeights(); }
}
