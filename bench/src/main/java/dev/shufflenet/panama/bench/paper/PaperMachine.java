package dev.shufflenet.panama.bench.paper;

import dev.shufflenet.panama.bench.MachineFacts;
import dev.shufflenet.panama.bench.OnnxRuntimeAvailability;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import dev.shufflenet.panama.bindings.openblas.OpenBlasStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The {@code machine} object of a paper report: what a reader needs to put two boards' numbers side by side.
 * Fields that cannot be read on this machine are null (a container often hides the CPU clock, say).
 *
 * @param logicalCpus    processors available to this JVM (what "all threads" means in the report)
 * @param threadsPerCore SMT siblings per physical core from /proc/cpuinfo ("siblings" / "cpu cores"), null where
 *                       the file does not say (most Arm kernels)
 * @param maxClockMhz    cpufreq's cpuinfo_max_freq of cpu0, else /proc/cpuinfo's "cpu MHz" (the current clock)
 */
public record PaperMachine(String cpuModel, int logicalCpus, Integer threadsPerCore, List<String> isaFlags,
                           int vectorBits, String kernelSet, Double maxClockMhz, String osName, String osArch,
                           String osVersion, String jdkVersion, String jdkVendor, String projectVersion, String commit,
                           String onnxruntimeVersion, String openblasCore, String date) {

    static final String VERSION_RESOURCE = "/dev/shufflenet/panama/cli/version.properties";

    public static PaperMachine detect(OnnxRuntimeAvailability ort) {
        MachineFacts f = MachineFacts.detect();
        String cpuinfo = read(Path.of("/proc/cpuinfo"));
        Properties build = buildInfo();
        OpenBlasStatus blas = OpenBlasLibrary.status();
        return new PaperMachine(f.cpuModel(), f.cores(), threadsPerCore(cpuinfo), f.isaFlags(), f.vectorBits(),
                f.kernelSet(), clockMhz(cpuinfo), f.osName(), f.osArch(), System.getProperty("os.version"),
                f.jdkVersion(), f.jdkVendor(), build.getProperty("version"), build.getProperty("commit"),
                ort.available() ? ort.version() : null, blas.loaded() ? blas.coreName() : null,
                Instant.now().toString());
    }

    /** This object as the paper report writes it (snake_case names, nulls kept): also what bench --json records carry. */
    public com.google.gson.JsonElement toJson() {
        return PaperReport.GSON.toJsonTree(this);
    }

    /** "AMD EPYC 7B13, 2 CPUs, 2450 MHz": the column heading of this machine in {@code paper compare}. */
    public String label() {
        return cpuModel + ", " + logicalCpus + " CPUs" + (maxClockMhz == null ? "" : ", " + Math.round(maxClockMhz) + " MHz");
    }

    static Integer threadsPerCore(String cpuinfo) {
        Integer siblings = firstInt(cpuinfo, "siblings"), cores = firstInt(cpuinfo, "cpu cores");
        return siblings == null || cores == null || cores == 0 ? null : siblings / cores;
    }

    static Double clockMhz(String cpuinfo) {
        String max = read(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")).trim();
        if (!max.isEmpty()) {
            try {
                return Long.parseLong(max) / 1000.0; // kHz
            } catch (NumberFormatException ignored) {
                // fall through to /proc/cpuinfo
            }
        }
        String mhz = firstValue(cpuinfo, "cpu MHz");
        try {
            return mhz == null ? null : Double.valueOf(mhz);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer firstInt(String cpuinfo, String key) {
        String v = firstValue(cpuinfo, key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The value of the first "key : value" line of /proc/cpuinfo with that key. */
    private static String firstValue(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = PaperMachine.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // no build facts: version and commit are null
        }
        p.stringPropertyNames().forEach(k -> {
            String v = p.getProperty(k).trim();
            if (v.isEmpty() || v.contains("${")) p.remove(k);
        });
        return p;
    }
}
