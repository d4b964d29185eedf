package dev.shufflenet.panama.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1000 ImageNet-1k class names in the order of the logits of an ImageNet classifier (class 0 is
 * "tench"), as torchvision 0.21.0 lists them; shipped as the resource {@value #RESOURCE}.
 */
public final class ImageNetLabels {
    /** The class path resource, one name a line. */
    public static final String RESOURCE = "/dev/shufflenet/panama/classify/imagenet_classes.txt";
    /** How many classes ImageNet-1k has. */
    public static final int CLASSES = 1000;

    private static final List<String> NAMES = load();

    private ImageNetLabels() {}

    /** All 1000 names, index = class. */
    public static List<String> all() { return NAMES; }

    /** The name of class {@code index} in [0, 1000). */
    public static String of(int index) {
        if (index < 0 || index >= CLASSES)
            throw new IllegalArgumentException("ImageNet class index must be in [0, " + CLASSES + "), found " + index);
        return NAMES.get(index);
    }

    private static List<String> load() {
        try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the library jar");
            List<String> names = new ArrayList<>(CLASSES);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) names.add(line.strip());
            }
            if (names.size() != CLASSES)
                throw new IllegalStateException(RESOURCE + " has " + names.size() + " names, expected " + CLASSES);
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
