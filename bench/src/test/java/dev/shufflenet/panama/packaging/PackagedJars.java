package dev.shufflenet.panama.packaging;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.kernels.KernelSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jars a user of the library gets, as this test JVM resolved them: the library (which must be the shaded
 * jar, with protobuf relocated inside: under failsafe, after {@code package}, in the reactor or from a
 * repository), kernels, bindings, and the OpenBLAS natives jar of this platform.
 */
record PackagedJars(Path library, Path kernels, Path bindings, Path openBlasNatives) {

    static final String SHADED_PROTOBUF_ENTRY = "dev/shufflenet/panama/shaded/protobuf/Message.class";

    static PackagedJars resolve() {
        Path library = locationOf(ShuffleNet.class);
        if (!library.toString().endsWith(".jar"))
            fail("the library resolves to " + library + ", not its jar: run these integration tests with failsafe "
                    + "after package (mvn verify), so they see the shaded jar users get");
        assertTrue(hasEntry(library, SHADED_PROTOBUF_ENTRY), library + " lacks " + SHADED_PROTOBUF_ENTRY
                + ": the library jar is not the shaded one");
        Path natives = null;
        for (String platform : new String[] {"linux-x86_64", "linux-arm64"}) {
            URL url = PackagedJars.class.getClassLoader()
                    .getResource("org/bytedeco/openblas/" + platform + "/libopenblas.so.0");
            if (url != null) natives = jarOf(url);
        }
        assertNotNull(natives, "no org.bytedeco:openblas natives jar on the test class path");
        return new PackagedJars(library, locationOf(KernelSet.class), locationOf(OpenBlasLibrary.class), natives);
    }

    static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path jarOf(URL resource) {
        String s = resource.toString();   // jar:file:/.../openblas-...-linux-x86_64.jar!/org/...
        if (!s.startsWith("jar:file:")) throw new IllegalStateException("not in a jar: " + s);
        return Path.of(java.net.URI.create(s.substring("jar:".length(), s.indexOf("!/"))));
    }

    static boolean hasEntry(Path jar, String entry) {
        if (!Files.isRegularFile(jar)) return false;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
