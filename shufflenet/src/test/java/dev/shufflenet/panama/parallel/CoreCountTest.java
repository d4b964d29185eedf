package dev.shufflenet.panama.parallel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreCountTest {
    @TempDir
    Path dir;

    /** A sysfs-like tree: cpu i on (package, core) = pairs[i]. */
    private Path cpus(int[][] pairs) throws IOException {
        Path root = dir.resolve("cpu");
        for (int i = 0; i < pairs.length; i++) {
            Path t = Files.createDirectories(root.resolve("cpu" + i).resolve("topology"));
            Files.writeString(t.resolve("physical_package_id"), pairs[i][0] + "\n");
            Files.writeString(t.resolve("core_id"), pairs[i][1] + "\n");
        }
        return root;
    }

    private Path status(String allowed) throws IOException {
        return Files.writeString(dir.resolve("status"), "Name:\tjava\nCpus_allowed_list:\t" + allowed + "\nVoluntary: 1\n");
    }

    @Test
    void smtSiblingsCountOnce() throws IOException {
        // 8 logical CPUs: cores 0-3 of package 0, each with two hyperthreads (cpu i and cpu i + 4).
        Path cpu = cpus(new int[][] {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 0}, {0, 1}, {0, 2}, {0, 3}});
        CoreCount c = CoreCount.read(cpu, status("0-7"), 8);
        assertEquals(4, c.threads());
        assertTrue(c.reason().contains("4 physical cores") && c.reason().contains("8 CPUs"), c.reason());
    }

    @Test
    void theAffinityMaskAndTheJvmsLimitBothCount() throws IOException {
        Path cpu = cpus(new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 0}, {0, 1}, {1, 0}, {1, 1}});
        assertEquals(2, CoreCount.read(cpu, status("0,1,4-5"), 8).threads(), "cpus 0,1,4,5 are 2 cores");
        assertEquals(3, CoreCount.read(cpu, status("0-3"), 3).threads(), "a container limit of 3 processors");
        assertEquals(4, CoreCount.read(cpu, status("0-7"), 8).threads(), "two packages of two cores");
    }

    @Test
    void unreadableTopologyFallsBackToTheProcessorsWithTheReason() throws IOException {
        CoreCount c = CoreCount.read(dir.resolve("missing"), status("0-3"), 4);
        assertEquals(4, c.threads());
        assertTrue(c.reason().contains("unreadable"), c.reason());
        CoreCount noMask = CoreCount.read(dir.resolve("missing"), dir.resolve("no-status"), 6);
        assertEquals(6, noMask.threads());
        assertTrue(noMask.reason().contains("affinity mask"), noMask.reason());
    }

    @Test
    void thisMachineGetsBetweenOneAndItsProcessors() throws IOException {
        CoreCount c = CoreCount.detect();
        int available = Runtime.getRuntime().availableProcessors();
        assertTrue(c.threads() >= 1 && c.threads() <= available, c + " against " + available + " processors");
        // Independently: count distinct core ids under sysfs for the CPUs we may use, where readable.
        Path sys = Path.of("/sys/devices/system/cpu/cpu0/topology/core_id");
        if (Files.isReadable(sys) && Files.isReadable(Path.of("/proc/self/status")))
            assertTrue(c.reason().contains("physical cores") || c.reason().contains("each its own core"), c.reason());
    }
}
