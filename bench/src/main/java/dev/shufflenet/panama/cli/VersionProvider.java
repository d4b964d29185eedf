package dev.shufflenet.panama.cli;

import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code shufflenet --version}: this project's version and commit (written into {@value #RESOURCE} by
 * the Maven build; bin/shufflenet passes the commit), the JDK and ONNX Runtime's version.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/dev/shufflenet/panama/cli/version.properties";

    @Override
    public String[] getVersion() {
        Properties p = buildInfo();
        OnnxRuntimeAvailability ort = OnnxRuntimeAvailability.load();
        return new String[] {
                "shufflenet-panama " + p.getProperty("version", "unknown") + " (commit " + p.getProperty("commit", "unknown") + ")",
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("os.arch") + ")",
                "ONNX Runtime " + (ort.available() ? ort.version() : "not available: " + ort.unavailableReason())};
    }

    /** The build's facts; a build without filtering (an IDE) leaves ${...} placeholders, shown as unknown. */
    static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // no build facts: everything reads "unknown"
        }
        p.stringPropertyNames().forEach(k -> {
            String v = p.getProperty(k).trim();
            if (v.isEmpty() || v.contains("${")) p.remove(k);
        });
        return p;
    }
}
