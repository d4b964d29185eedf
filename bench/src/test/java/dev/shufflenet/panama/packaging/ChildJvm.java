package dev.shufflenet.panama.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM of this JDK, run to completion; stdout and stderr kept apart (warnings go to stderr). */
record ChildJvm(List<String> command, int exitCode, String out, String err) {

    static final long TIMEOUT_SECONDS = 300;

    static ChildJvm run(Path workDir, List<String> javaArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        Files.createDirectories(workDir);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM still running after " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new ChildJvm(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** For assertion messages: the command and everything it printed. */
    String transcript() {
        return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
