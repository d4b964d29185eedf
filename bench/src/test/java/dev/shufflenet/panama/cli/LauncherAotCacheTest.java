package dev.shufflenet.panama.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/shufflenet's JDK 25 AOT cache: the first start for a jar trains and writes one cache, later starts use
 * it without training, a rebuilt jar gets a new cache in place of the old one, and a cache the JVM refuses
 * (here: one cut short) is removed with one line of ours instead of the JVM's [aot] warnings, the command
 * running on. A small
 * jar stands in for the CLI (SHUFFLENET_JAR) and is its own training run (SHUFFLENET_AOT_TRAIN_ARGS).
 */
class LauncherAotCacheTest {
    @TempDir Path dir;

    record Result(int exit, String stdout, String stderr) {
        String transcript() { return "--- stdout\n" + stdout + "--- stderr\n" + stderr; }
    }

    @Test
    void trainsOnceReusesAndReplacesTheCacheOfARebuiltJar() throws Exception {
        Path jar = probeJar("first");
        Path caches = dir.resolve("aot");
        Result first = launch(jar, Map.of("SHUFFLENET_AOT_DIR", caches.toString()));
        assertEquals(0, first.exit(), first.transcript());
        assertTrue(first.stdout().contains("probe first [run]"), first.transcript());
        assertTrue(first.stderr().contains("making the JVM's AOT cache"), first.transcript());
        List<Path> made = caches(caches);
        assertEquals(1, made.size(), "one cache after the first start: " + made);

        Result second = launch(jar, Map.of("SHUFFLENET_AOT_DIR", caches.toString()));
        assertEquals(0, second.exit(), second.transcript());
        assertFalse(second.stderr().contains("making the JVM's AOT cache"), "no second training\n" + second.transcript());
        assertFalse(second.stderr().contains("[aot]"), "the cache fits: no JVM warning\n" + second.transcript());
        assertEquals(made, caches(caches));

        probeJar("second"); // the same path, another jar
        Result rebuilt = launch(jar, Map.of("SHUFFLENET_AOT_DIR", caches.toString()));
        assertEquals(0, rebuilt.exit(), rebuilt.transcript());
        assertTrue(rebuilt.stdout().contains("probe second [run]"), rebuilt.transcript());
        assertTrue(rebuilt.stderr().contains("making the JVM's AOT cache"), "a new jar trains anew\n" + rebuilt.transcript());
        assertFalse(rebuilt.stderr().contains("[aot]"), "the old cache is never offered to the new jar\n" + rebuilt.transcript());
        List<Path> now = caches(caches);
        assertEquals(1, now.size(), "the old jar's cache is removed: " + now);
        assertNotEquals(made, now);
    }

    @Test
    void aCacheTheJvmRefusesIsRemovedAndTheCommandRuns() throws Exception {
        Path jar = probeJar("first");
        Path cache = dir.resolve("explicit.aot"); // SHUFFLENET_AOT_CACHE: this file, whatever the key
        Result trained = launch(jar, Map.of("SHUFFLENET_AOT_CACHE", cache.toString()));
        assertEquals(0, trained.exit(), trained.transcript());
        assertTrue(Files.isRegularFile(cache), trained.transcript());

        // A cache cut short (a disk that filled up, a copy interrupted): the JVM refuses it and runs on without it.
        byte[] head = new byte[4096];
        try (var in = Files.newInputStream(cache)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Files.write(cache, head);
        Result stale = launch(jar, Map.of("SHUFFLENET_AOT_CACHE", cache.toString()));
        assertEquals(0, stale.exit(), stale.transcript());
        assertTrue(stale.stdout().contains("probe first [run]"), "the command runs without the cache\n" + stale.transcript());
        assertTrue(stale.stderr().contains("refused the AOT cache"), stale.transcript());
        assertFalse(stale.stderr().contains("[aot]"), "the JVM's own lines are kept off\n" + stale.transcript());
        assertFalse(Files.exists(cache), "the refused cache is removed\n" + stale.transcript());
    }

    private Result launch(Path jar, Map<String, String> env) throws IOException, InterruptedException {
        Path script = LauncherScriptTest.projectRoot().resolve("bin/shufflenet");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        // An argument: a start without any is a usage request, which never trains.
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "run").redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SHUFFLENET_JAR", jar.toString());
        pb.environment().put("SHUFFLENET_AOT_TRAIN_ARGS", "training");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("SHUFFLENET_AOT");
        pb.environment().remove("SHUFFLENET_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "bin/shufflenet did not finish");
        // The stderr filter is a process of its own: give it a moment to flush after the JVM's exit.
        for (int i = 0; i < 20 && Files.size(err) == 0; i++) Thread.sleep(50);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Path> caches(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("cli-.*\\.aot")).sorted().toList();
        }
    }

    /** Writes (or rewrites) probe.jar: a main that prints "probe WORD" and loads a few classes. */
    private Path probeJar(String word) throws IOException {
        Path src = dir.resolve("src").resolve("Probe.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                public class Probe {
                    public static void main(String[] args) {
                        java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of(args));
                        java.util.Collections.sort(l);
                        System.out.println("probe %s " + l);
                    }
                }
                """.formatted(word));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path classes = dir.resolve("classes");
        assertEquals(0, javac.run(null, null, new PrintStream(err), "-nowarn", "-d", classes.toString(), src.toString()), err.toString());
        Path jar = dir.resolve("probe.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("Probe.class"));
            out.write(Files.readAllBytes(classes.resolve("Probe.class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry("word.txt")); // the size differs with the word, whatever the clock
            out.write(word.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
