package dev.shufflenet.panama.packaging;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application whose own stack resolved protobuf-java 3.25 (older gRPC, Hadoop) loads ONNX with this library:
 * protobuf-java 3.25.5 first on the class path, then the shaded library jar and its dependencies, and no
 * protobuf-java 4. Unshaded, the library's generated code would link against the 3.25 classes and fail with
 * {@code NoClassDefFoundError: com/google/protobuf/RuntimeVersion$RuntimeDomain}; relocated, it never sees them.
 * The same run shows the shaded protobuf prints no {@code sun.misc.Unsafe} warning.
 */
class OnnxImportBesideProtobuf3IT {

    @Test
    void importsTorchvisionReferenceWithProtobuf3FirstOnTheClassPath() throws Exception {
        PackagedJars jars = PackagedJars.resolve();
        Path protobuf3 = Path.of(System.getProperty("it.protobuf3.jar"));
        assertTrue(Files.isRegularFile(protobuf3), "protobuf-java 3.25 jar (copied by the pom): " + protobuf3);
        assertTrue(PackagedJars.hasEntry(protobuf3, "com/google/protobuf/Message.class"), protobuf3.toString());
        assertFalse(PackagedJars.hasEntry(protobuf3, "com/google/protobuf/RuntimeVersion.class"),
                "the 3.25 runtime predates RuntimeVersion, which is what breaks unshaded 4.x generated code");
        Path reference = Path.of(System.getProperty("it.reference.dir"));
        Path work = Path.of(System.getProperty("basedir", "."), "target", "it-protobuf3");

        String classPath = String.join(File.pathSeparator, List.of(protobuf3.toString(), jars.library().toString(),
                jars.kernels().toString(), jars.bindings().toString(), jars.openBlasNatives().toString(),
                PackagedJars.locationOf(ReferenceRun.class).toString()));
        ChildJvm run = ChildJvm.run(work, List.of(
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dshufflenet.native.cache=" + work.resolve("native-cache"),
                "-cp", classPath, ReferenceRun.class.getName(), reference.toString(), "JAVA"));

        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("application protobuf: " + protobuf3), run.transcript());
        assertTrue(run.out().contains("AGREES with PyTorch's logits"), run.transcript());
        assertFalse(run.err().contains("NoClassDefFoundError"), run.transcript());
        assertFalse(run.err().contains("sun.misc.Unsafe"), "the shaded protobuf-java warns: " + run.transcript());
    }
}
