package dev.shufflenet.panama.packaging;

import org.junit.jupiter.api.Test;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A modular application ({@code requires dev.shufflenet.panama;}) on the module path: the library, kernels and
 * bindings jars are automatic modules named by their {@code Automatic-Module-Name}; the OpenBLAS natives jar
 * stays on the class path (a resource container; on the module path it would be JavaCPP's named module, which
 * requires {@code org.bytedeco.openblas} and JavaCPP, neither of which this library uses). The app imports the
 * torchvision reference, runs it on the bundled OpenBLAS, and agrees with PyTorch; the flags are exactly those
 * README gives for the module path, so no {@code restricted method} warning appears, and the loader extracted
 * only the libraries it loads (no JavaCPP JNI wrapper).
 */
class LibraryOnModulePathIT {
    private static final String PROBE_MODULE = "dev.shufflenet.panama.packaging.probe";

    @Test
    void modularApplicationRunsTheReferenceOnBundledOpenBlas() throws Exception {
        PackagedJars jars = PackagedJars.resolve();
        Path reference = Path.of(System.getProperty("it.reference.dir"));
        Path basedir = Path.of(System.getProperty("basedir", "."));
        Path work = basedir.resolve("target").resolve("it-module-path");
        Path probeClasses = compileProbeModule(basedir, work, jars);
        Path nativeCache = work.resolve("native-cache");

        String modulePath = String.join(File.pathSeparator, List.of(jars.library().toString(),
                jars.kernels().toString(), jars.bindings().toString(), probeClasses.toString()));
        ChildJvm run = ChildJvm.run(work, List.of(
                "--add-modules=jdk.incubator.vector", "--enable-native-access=dev.shufflenet.panama.bindings",
                "-Dshufflenet.native.cache=" + nativeCache,
                "--module-path", modulePath, "-cp", jars.openBlasNatives().toString(),
                "-m", PROBE_MODULE + "/" + ReferenceRun.class.getName(), reference.toString(), "OPENBLAS"));

        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("library module: dev.shufflenet.panama\n"), run.transcript());
        assertTrue(run.out().contains("probe module: " + PROBE_MODULE + "\n"), run.transcript());
        assertTrue(run.out().contains("shufflenet modules in the boot layer: [dev.shufflenet.panama, "
                + "dev.shufflenet.panama.bindings, dev.shufflenet.panama.kernels, " + PROBE_MODULE + "]"),
                run.transcript());
        assertTrue(run.out().contains("application protobuf: none"), run.transcript());
        assertTrue(run.out().contains("AGREES with PyTorch's logits"), run.transcript());
        assertFalse(run.err().contains("restricted method"), "native access not enabled where needed: " + run.transcript());
        assertFalse(run.err().contains("sun.misc.Unsafe"), run.transcript());

        Set<String> extracted;
        try (Stream<Path> files = Files.walk(nativeCache)) {
            extracted = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
        assertTrue(extracted.contains("libopenblas.so.0") && extracted.contains("libgfortran.so.5"),
                "bundled OpenBLAS extracted: " + extracted);
        assertTrue(extracted.stream().noneMatch(name -> name.startsWith("libjni")),
                "JavaCPP JNI wrappers are never loaded, so never extracted: " + extracted);
    }

    /** ReferenceRun's source, compiled again as the only class of a named module that requires the library. */
    private static Path compileProbeModule(Path basedir, Path work, PackagedJars jars) throws IOException {
        Path src = work.resolve("probe-src");
        Path classes = work.resolve("probe-classes");
        Path pkg = src.resolve("dev/shufflenet/panama/packaging");
        Files.createDirectories(pkg);
        Files.createDirectories(classes);
        Files.writeString(src.resolve("module-info.java"),
                "module " + PROBE_MODULE + " {\n    requires dev.shufflenet.panama;\n}\n");
        Files.copy(basedir.resolve("src/test/java/dev/shufflenet/panama/packaging/ReferenceRun.java"),
                pkg.resolve("ReferenceRun.java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String modulePath = String.join(File.pathSeparator,
                List.of(jars.library().toString(), jars.kernels().toString(), jars.bindings().toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "--release", String.valueOf(Runtime.version().feature()), "--add-modules", "jdk.incubator.vector",
                "-Xlint:-incubating", "--module-path", modulePath, "-d", classes.toString(),
                src.resolve("module-info.java").toString(), pkg.resolve("ReferenceRun.java").toString());
        assertEquals(0, rc, "javac of the probe module failed:\n" + diagnostics.toString(java.nio.charset.StandardCharsets.UTF_8));
        return classes;
    }
}
