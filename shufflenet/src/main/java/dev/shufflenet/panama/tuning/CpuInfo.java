package dev.shufflenet.panama.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What /proc/cpuinfo says about the CPU: its model name and feature flags (x86 "flags", arm64 "Features").
 * The one parser of that file in the project: the target detection and the CLI's machine facts both read it
 * from here, so they print the same CPU name.
 *
 * @param model the first processor's "model name" (x86); on arm64, which lists none, "arm64 implementer X part
 *              Y" from its "CPU implementer" and "CPU part" lines, else the "Hardware" line; "unknown" when the
 *              text says nothing, and "unknown (no /proc/cpuinfo)" when there is no such file
 * @param flags the first processor's feature flags, lower case, in the file's order
 */
public record CpuInfo(String model, Set<String> flags) {
    static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");
    static final String NO_CPUINFO = "unknown (no /proc/cpuinfo)";

    /** This machine's, or an unknown model without flags on systems without /proc (macOS, Windows). */
    public static CpuInfo read() {
        try {
            return parse(Files.readString(PROC_CPUINFO));
        } catch (IOException | SecurityException e) {
            return new CpuInfo(NO_CPUINFO, Set.of());
        }
    }

    /**
     * Parses the text of /proc/cpuinfo. Each field is taken from its first occurrence (the first processor's
     * block); "Hardware" may come after all processor blocks, as on some arm64 kernels.
     */
    public static CpuInfo parse(String text) {
        String model = null, implementer = null, part = null, hardware = null;
        Set<String> flags = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> { if (model == null) model = value; }
                case "flags", "features" -> {
                    if (flags.isEmpty() && !value.isEmpty())
                        flags.addAll(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                }
                case "cpu implementer" -> { if (implementer == null) implementer = value; }
                case "cpu part" -> { if (part == null) part = value; }
                case "hardware" -> { if (hardware == null) hardware = value; }
                default -> { }
            }
        }
        if (model == null && implementer != null && part != null)
            model = "arm64 implementer " + implementer + " part " + part;
        if (model == null) model = hardware;
        return new CpuInfo(model == null ? "unknown" : model, Collections.unmodifiableSet(flags));
    }

    /** Whether the flag is listed, as a whole word ("sve2" does not count as "sve"). */
    public boolean has(String flag) { return flags.contains(flag); }

    /** Those of {@code wanted} that are listed, in the order of {@code wanted}. */
    public List<String> flagsAmong(List<String> wanted) {
        return wanted.stream().filter(flags::contains).toList();
    }
}
