package dev.shufflenet.panama.bindings.openblas;

import dev.shufflenet.panama.bindings.NativeBundle;
import dev.shufflenet.panama.bindings.NativePlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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

    /** The bundled library and, before it, the runtime libraries it links to, in load order. */
    static final List<String> DEPENDENCIES = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5");
    static final String LIBRARY = "libopenblas.so.0";

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

    /**
     * The files of this platform's jar: libgfortran has no RUNPATH, so its own dependencies are loaded before it,
     * and it before libopenblas; arm64 has no libquadmath, so each runtime library is taken only when present.
     */
    public NativeBundle bundle(String osName, String osArch) {
        String platform = platform(osName, osArch);
        if (platform == null) return new NativeBundle.Missing("no bundled OpenBLAS for " + osName + "/" + osArch);
        String dir = resourceRoot + "/" + platform + "/";
        String artifact = "org.bytedeco:openblas:" + version + ":" + platform;
        if (!hasResource.test(dir + LIBRARY))
            return new NativeBundle.Missing(artifact + " is not on the class path (no " + dir + LIBRARY + ")");
        List<String> resources = new ArrayList<>();
        for (String name : DEPENDENCIES) if (hasResource.test(dir + name)) resources.add(dir + name);
        resources.add(dir + LIBRARY);
        return new NativeBundle.Present(artifact, version + "/" + platform, resources);
    }

    /** The org.bytedeco classifier for this platform (which calls aarch64 "arm64"), or null when it has none. */
    static String platform(String osName, String osArch) {
        String platform = NativePlan.platform(osName, osArch);
        return platform == null ? null : platform.replace("aarch64", "arm64");
    }
}
