package dev.shufflenet.panama.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java example in README.md compiles against this library and runs: the test takes the code block
 * between the README's example markers, compiles it with the JDK's compiler and calls its main method.
 */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(findReadme());
        Matcher m = Pattern.compile("<!-- example:start -->\\s*```java\\n(.*?)```\\s*<!-- example:end -->", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(m.find(), "README.md has no ```java block between <!-- example:start --> and <!-- example:end -->");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the README example must be a public class");
        String className = cls.group(1);
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, new PrintStream(err), "--add-modules", "jdk.incubator.vector",
                "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertEquals(0, rc, "README example does not compile:\n" + err);

        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out));
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertTrue(out.toString().contains("top class"), "example printed: " + out);
    }

    private static Path findReadme() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path readme = d.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("kernels"))) return readme;
        }
        throw new IllegalStateException("README.md of the project not found above " + System.getProperty("user.dir"));
    }
}
