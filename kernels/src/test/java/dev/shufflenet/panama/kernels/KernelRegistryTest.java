package dev.shufflenet.panama.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelRegistryTest {
    @Test
    void testJvmHasTheVectorModuleSoBestIsTheVectorSet() {
        assertTrue(KernelRegistry.vectorApiAvailable(), "surefire runs with --add-modules=jdk.incubator.vector");
        assertSame(KernelRegistry.vector(), KernelRegistry.best());
        assertEquals(List.of(KernelRegistry.scalar(), KernelRegistry.vector()), KernelRegistry.all());
        assertEquals("scalar", KernelRegistry.scalar().name());
        assertEquals("vector" + VectorConfig.SPECIES.vectorBitSize(), KernelRegistry.vector().name());
    }

    @Test
    void kernelNamesAreDistinctAndSayWhatTheyAre() {
        Set<String> names = new HashSet<>();
        for (KernelSet set : KernelRegistry.all()) {
            String isa = set == KernelRegistry.scalar() ? "scalar" : "vector" + VectorConfig.SPECIES.vectorBitSize();
            for (String name : List.of(set.pointwise().name(), set.depthwise().name(), set.direct().name(),
                    set.pool().name(), set.shuffle().name(), set.shuffle().concatShuffleSplitName(),
                    set.elementwise().name(), set.layout().name(), set.gemmEpilogue().name())) {
                assertTrue(names.add(name), "duplicate kernel name " + name);
                assertTrue(name.startsWith("f32-"), name);
                assertTrue(name.endsWith("-" + isa), name);
                assertFalse(name.contains("minmax"), name + ": these kernels clamp at one end only (relu)");
            }
        }
    }

    @Test
    void withoutTheVectorModuleBestWarnsOnceAndTheScalarSetRuns() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // A JVM without --add-modules: loading any class that links against jdk.incubator.vector would
        // fail with NoClassDefFoundError, so this also proves the scalar set never touches it.
        Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), NoVectorModuleMain.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish: " + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("best=scalar"), output);
        assertTrue(output.contains("scalar kernels ran"), output);
        assertTrue(output.contains("vector() refused: The Vector API kernels need the module jdk.incubator.vector"),
                output);
        assertTrue(output.contains("WARNING: The Vector API module jdk.incubator.vector is not in this JVM,"), output);
        int warnings = output.split("is not in this JVM,", -1).length - 1;
        assertEquals(1, warnings, "expected exactly one warning:\n" + output);
        // It names the fix for each way of starting a JVM, and not the manifest attribute the JVM ignores.
        for (String fix : List.of("java --add-modules=jdk.incubator.vector", "JDK_JAVA_OPTIONS", "<argLine>", "exec:java",
                "Gradle"))
            assertTrue(output.contains(fix), fix + " missing:\n" + output);
        assertTrue(output.contains("no Add-Modules"), output);
    }

    @Test
    void kernelSetRefusesMissingKernels() {
        KernelSet s = KernelRegistry.scalar();
        assertThrows(NullPointerException.class, () -> new KernelSet("x", null, s.depthwise(), s.direct(), s.stem(), s.pool(),
                s.shuffle(), s.elementwise(), s.layout(), s.gemmEpilogue()));
        assertThrows(NullPointerException.class, () -> new KernelSet("x", s.pointwise(), s.depthwise(), s.direct(),
                s.stem(), s.pool(), s.shuffle(), s.elementwise(), s.layout(), null));
    }
}
