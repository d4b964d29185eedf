package dev.shufflenet.panama.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What /proc/cpuinfo says about the CPU: its model name and feature flags (x86 "flags", arm64
 * "Features"). Empty on systems without /proc; the runtime then relies on the JVM's vector species.
 */
public record CpuInfo(String model, Set<String> flags) {

    public static CpuInfo read() {
        return parse(readProc());
    }

    static String readProc() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    /** Parses the text of /proc/cpuinfo; only the first processor's block is read. */
    public static CpuInfo parse(String text) {
        String model = null;
        Set<String> flags = new LinkedHashSet<>();
        String implementer = null, part = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && !flags.isEmpty()) break;
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> { if (model == null) model = value; }
                case "flags", "features" -> {
                    if (flags.isEmpty()) flags.addAll(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                }
                case "cpu implementer" -> { if (implementer == null) implementer = value; }
                case "cpu part" -> { if (part == null) part = value; }
                default -> { }
            }
        }
        if (model == null && implementer != null) model = "arm64 implementer " + implementer + " part " + part;
        return new CpuInfo(model == null ? "unknown" : model, Collections.unmodifiableSet(flags));
    }

    public boolean has(String flag) { return flags.contains(flag); }
}
