package dev.shufflenet.panama.packaging;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The build resolves the OpenBLAS natives of this JVM's platform only (bindings' openblas-linux-* profiles,
 * activated by os.arch): an x86-64 build has no arm64 natives on its class path, and the reverse.
 */
class OpenBlasNativesPerPlatformIT {

    @Test
    void onlyThisPlatformsNativesAreOnTheClassPath() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the natives are resolved per platform on Linux only");
        assumeTrue(System.getProperty("openblas.classifier") == null, "-Dopenblas.classifier overrides the choice");
        String mine = switch (arch) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-arm64";
            default -> null;
        };
        assumeTrue(mine != null, "no org.bytedeco:openblas natives for " + arch);
        String other = mine.equals("linux-x86_64") ? "linux-arm64" : "linux-x86_64";
        ClassLoader loader = OpenBlasNativesPerPlatformIT.class.getClassLoader();
        assertNotNull(loader.getResource("org/bytedeco/openblas/" + mine + "/libopenblas.so.0"),
                "org.bytedeco:openblas:" + mine + " is on the class path");
        assertNull(loader.getResource("org/bytedeco/openblas/" + other + "/libopenblas.so.0"),
                "org.bytedeco:openblas:" + other + " must not be resolved on " + arch);
    }
}
