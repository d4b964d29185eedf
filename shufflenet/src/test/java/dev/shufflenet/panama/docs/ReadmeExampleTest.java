package dev.shufflenet.panama.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.awt.image.BufferedImage;
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
 * The Java examples in README.md compile against this library and run: the test takes each code block
 * between the README's example markers, compiles it with the JDK's compiler and calls its main method.
 */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        String out = compileAndRun("example", new String[0]);
        assertTrue(out.contains("top class"), "example printed: " + out);
    }

    @Test
    void readmeClassificationExampleTurnsAPhotoIntoLabelledProbabilities() throws Exception {
        BufferedImage photo = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) photo.setRGB(x, y, (x * 255 / 300) << 16 | (y & 0xff));
        Path png = dir.resolve("photo.png");
        ImageIO.write(photo, "png", png.toFile());
        String out = compileAndRun("example:classify", new String[] {png.toString()});
        // [(label, probability), ...] five times, probabilities from softmax: in [0, 1].
        Matcher pairs = Pattern.compile("\\(([^,()]+(?:, [^,()]+)*?), ([01]\\.\\d{4})\\)").matcher(out);
        int n = 0;
        while (pairs.find()) n++;
        assertEquals(5, n, "example printed: " + out);
        assertTrue(out.startsWith("["), out);
    }

    /** Compiles the README block between the marker's start and end comments and runs its main; returns stdout. */
    private String compileAndRun(String marker, String[] args) throws Exception {
        String readme = Files.readString(findReadme());
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + ":start -->\\s*```java\\n(.*?)```\\s*<!-- "
                + Pattern.quote(marker) + ":end -->", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no ```java block between <!-- " + marker + ":start --> and <!-- " + marker
                + ":end -->");
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
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object) args);
        } finally {
            System.setOut(stdout);
        }
        return out.toString();
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
