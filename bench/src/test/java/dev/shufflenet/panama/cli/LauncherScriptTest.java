package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/shufflenet starts its jar with the Vector API module and keeps the JVM's notices a user cannot act
 * on off stderr (the incubator-module line, sun.misc.Unsafe's warnings), passing everything else. A
 * small jar stands in for the CLI (SHUFFLENET_JAR), one that uses sun.misc.Unsafe as protobuf does and
 * writes its own line to stderr.
 */
class LauncherScriptTest {
    @TempDir Path dir;

    @Test
    void onlyTheUnactionableJvmWarningsAreFiltered() throws Exception {
        Path src = dir.resolve("Probe.java");
        Files.writeString(src, """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                        f.setAccessible(true);
                        sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
                        long offset = u.objectFieldOffset(Probe.class.getDeclaredField("x"));
                        System.out.println("vector=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                                + " offset=" + offset);
                        System.err.println("probe: a line of its own on stderr");
                    }
                    int x;
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, new PrintStream(err), "-nowarn", "-d", dir.toString(), src.toString()), err.toString());
        Path jar = dir.resolve("probe.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("Probe.class"));
            out.write(Files.readAllBytes(dir.resolve("Probe.class")));
            out.closeEntry();
        }

        Path script = projectRoot().resolve("bin/shufflenet");
        ProcessBuilder pb = new ProcessBuilder(script.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("SHUFFLENET_JAR", jar.toString());
        pb.environment().put("SHUFFLENET_AOT", "off"); // LauncherAotCacheTest covers the cache
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/shufflenet did not finish");
        String stdout = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        String transcript = "--- stdout\n" + stdout + "--- stderr\n" + stderr;
        assertEquals(0, p.exitValue(), transcript);
        assertTrue(stdout.contains("vector=true"), "the script must add the Vector API module\n" + transcript);
        assertTrue(stderr.contains("probe: a line of its own on stderr"), "other stderr lines pass\n" + transcript);
        assertFalse(stderr.contains("Using incubator modules"), transcript);
        assertFalse(stderr.contains("sun.misc.Unsafe"), transcript);
    }

    static Path projectRoot() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isRegularFile(d.resolve("bin/shufflenet")) && Files.isDirectory(d.resolve("kernels"))) return d;
        throw new IllegalStateException("bin/shufflenet not found above " + System.getProperty("user.dir"));
    }
}
