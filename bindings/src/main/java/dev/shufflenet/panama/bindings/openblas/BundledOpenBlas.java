package dev.shufflenet.panama.bindings.openblas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * What the class path offers: the org.bytedeco:openblas build this module was compiled with (written into
 * {@code bundled-openblas.properties} by Maven) and a way to ask whether one of its files is present.
 *
 * @param version      e.g. {@code 0.3.31-1.5.13}; keys the extraction cache
 * @param resourceRoot e.g. {@code org/bytedeco/openblas}; files sit in {@code <root>/<platform>/}
 * @param hasResource  whether a resource with that name is on the class path
 */
public record BundledOpenBlas(String version, String resourceRoot, Predicate<String> hasResource) {
    private static final String DESCRIPTOR = "bundled-openblas.properties";

    /** Reads the descriptor from this module's resources and answers resource questions with {@code loader}. */
    public static BundledOpenBlas fromClassPath(ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = BundledOpenBlas.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) throw new IllegalStateException(DESCRIPTOR + " is missing from the bindings jar");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DESCRIPTOR, e);
        }
        return new BundledOpenBlas(p.getProperty("version"), p.getProperty("resourceRoot"),
                name -> loader.getResource(name) != null);
    }
}
