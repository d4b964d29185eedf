package dev.shufflenet.panama.parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The default thread count: the physical cores this process may run on. SMT siblings share one core's
 * FMA units, so a second thread on a sibling adds barrier cost and little compute to these FMA-bound
 * kernels (the same default as ONNX Runtime's intra-op pool and ncnn's big-core count).
 *
 * @param threads the default thread count
 * @param reason  how it was found, for {@code info}
 */
public record CoreCount(int threads, String reason) {

    /** Read once per JVM. */
    public static CoreCount detect() {
        return Holder.DETECTED;
    }

    private static final class Holder {
        static final CoreCount DETECTED = read(Path.of("/sys/devices/system/cpu"), Path.of("/proc/self/status"),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * Counts distinct (package, core) pairs among the CPUs in this process's affinity mask, capped by what
     * the JVM may use ({@code availableProcessors}, which also honours container CPU limits).
     */
    static CoreCount read(Path cpuDir, Path procStatus, int available) {
        BitSet allowed = allowedCpus(procStatus);
        if (allowed == null)
            return new CoreCount(available, available + " processors available to the JVM (the affinity mask in "
                    + procStatus + " could not be read, so SMT siblings could not be told apart)");
        Set<String> cores = new HashSet<>();
        for (int cpu = allowed.nextSetBit(0); cpu >= 0; cpu = allowed.nextSetBit(cpu + 1)) {
            Path topology = cpuDir.resolve("cpu" + cpu).resolve("topology");
            String core = readTrimmed(topology.resolve("core_id"));
            String pkg = readTrimmed(topology.resolve("physical_package_id"));
            if (core == null || pkg == null)
                return new CoreCount(available, available + " processors available to the JVM (" + topology
                        + " is unreadable, so SMT siblings could not be told apart)");
            cores.add(pkg + ":" + core);
        }
        int logical = allowed.cardinality();
        int physical = cores.size();
        if (physical == 0) return new CoreCount(available, available + " processors available to the JVM");
        if (physical >= available)
            return new CoreCount(available, available + " processors available to the JVM, each its own core ("
                    + logical + " CPUs in the affinity mask, " + physical + " physical cores)");
        return new CoreCount(physical, physical + " physical cores (" + logical + " CPUs in the affinity mask,"
                + " SMT siblings left out; the JVM may use " + available + ")");
    }

    /** The Cpus_allowed_list of /proc/self/status, e.g. "0-3,8-11"; null if absent or malformed. */
    static BitSet allowedCpus(Path procStatus) {
        String list = null;
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("Cpus_allowed_list:")) list = line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (list == null || list.isEmpty()) return null;
        BitSet set = new BitSet();
        try {
            for (String part : list.split(",")) {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? part.trim() : part.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                if (from < 0 || to < from || to > 1 << 16) return null;
                set.set(from, to + 1);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return set;
    }

    private static String readTrimmed(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
