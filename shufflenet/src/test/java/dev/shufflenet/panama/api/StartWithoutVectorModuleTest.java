package dev.shufflenet.panama.api;

import dev.shufflenet.panama.testing.ReferenceFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started without --add-modules=jdk.incubator.vector (the same java and class path as this test)
 * still runs the torchvision model right, on the scalar kernels (and OpenBLAS where found), and warns
 * exactly once with the fix for each way of starting a JVM. Tolerance 1e-4 of the largest logit, as in
 * TorchvisionReferenceTest (the reference README puts a correct float32 runtime within about 1e-5).
 */
class StartWithoutVectorModuleTest {

    @ParameterizedTest(name = "backend {0}")
    @ValueSource(strings = {"java", "auto", "openblas"})
    void childJvmWithoutTheModuleMatchesPyTorchAndWarnsOnce(String backend) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        try {
            Process p = new ProcessBuilder(List.of(java.toString(), "-Xss4m", "--enable-native-access=ALL-UNNAMED",
                    "-Dshufflenet.profile=off", "-Dshufflenet.calibration.millis=2",
                    "-Dshufflenet.calibration.warmup.millis=50",
                    "-D" + ReferenceFiles.PROPERTY + "=" + ReferenceFiles.dir(),
                    "-cp", System.getProperty("java.class.path"), ReferenceRunMain.class.getName(), backend))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished = p.waitFor(300, TimeUnit.SECONDS);
            if (!finished) p.destroyForcibly();
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            String transcript = "--- stdout\n" + stdout + "--- stderr\n" + stderr;
            assertTrue(finished, "child JVM did not finish in 300 s\n" + transcript);
            assertEquals(0, p.exitValue(), transcript);

            Matcher m = Pattern.compile("vectorModule=(\\w+) relErr=(\\S+)").matcher(stdout);
            assertTrue(m.find(), transcript);
            assertEquals("false", m.group(1), "the child must run without the module");
            double relErr = Double.parseDouble(m.group(2));
            assertTrue(relErr <= 1e-4, "max |ours - torch| / max |torch| = " + relErr + "\n" + transcript);

            assertEquals(1, count(stderr, "is not in this JVM"), "one warning, once:\n" + stderr);
            for (String fix : List.of("java --add-modules=jdk.incubator.vector", "JDK_JAVA_OPTIONS",
                    "<argLine>--add-modules=jdk.incubator.vector</argLine>", "exec:java", "Gradle", "jvmArgs"))
                assertTrue(stderr.contains(fix), "the warning must name the fix for " + fix + ":\n" + stderr);
            assertFalse(stderr.contains("Exception") || stderr.contains("Error:"), transcript);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
