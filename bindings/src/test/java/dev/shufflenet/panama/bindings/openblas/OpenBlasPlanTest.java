package dev.shufflenet.panama.bindings.openblas;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/** The resolution logic, for every combination of settings, without loading anything. */
class OpenBlasPlanTest {
    private static final String VERSION = "0.3.31-1.5.13";
    private static final OpenBlasSettings LINUX_X86 = new OpenBlasSettings(null, null, null, null, null,
            "Linux", "amd64", "/home/ada", "/usr/java/packages/lib:/usr/lib64");
    private static final OpenBlasSettings LINUX_ARM = new OpenBlasSettings(null, null, null, null, null,
            "Linux", "aarch64", "/home/ada", "");

    /** The files of the real linux-x86_64 jar (and of linux-arm64, which has no libquadmath). */
    private static BundledOpenBlas bundle(String... files) {
        Set<String> present = Set.of(files);
        return new BundledOpenBlas(VERSION, "org/bytedeco/openblas", present::contains);
    }

    private static final BundledOpenBlas X86_JAR = bundle(
            "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", "org/bytedeco/openblas/linux-x86_64/libgfortran.so.5",
            "org/bytedeco/openblas/linux-x86_64/libquadmath.so.0", "org/bytedeco/openblas/linux-x86_64/libgcc_s.so.1");
    private static final BundledOpenBlas ARM_JAR = bundle(
            "org/bytedeco/openblas/linux-arm64/libopenblas.so.0", "org/bytedeco/openblas/linux-arm64/libgfortran.so.5",
            "org/bytedeco/openblas/linux-arm64/libgcc_s.so.1");
    private static final BundledOpenBlas NO_JAR = bundle();
    private static final Predicate<Path> NO_FILES = p -> false;

    private static OpenBlasPlan.Attempts attempts(OpenBlasPlan plan) {
        return assertInstanceOf(OpenBlasPlan.Attempts.class, plan);
    }

    @Test
    void offDisablesWhateverElseIsSet() {
        for (String off : List.of("off", "OFF", " false ", "none")) {
            OpenBlasPlan plan = OpenBlasPlan.resolve(LINUX_X86.withMode(off).withPathProperty("/x/libopenblas.so"),
                    X86_JAR, NO_FILES);
            var disabled = assertInstanceOf(OpenBlasPlan.Disabled.class, plan, off);
            assertTrue(disabled.reason().contains("shufflenet.openblas"), disabled.reason());
        }
    }

    @Test
    void unknownModeIsUnavailableAndNamesTheValue() {
        var plan = assertInstanceOf(OpenBlasPlan.Unavailable.class,
                OpenBlasPlan.resolve(LINUX_X86.withMode("/usr/lib/libopenblas.so"), X86_JAR, NO_FILES));
        assertTrue(plan.reason().contains("/usr/lib/libopenblas.so"), plan.reason());
        assertTrue(plan.reason().contains("auto, on, off"), plan.reason());
    }

    @Test
    void defaultOnLinuxX86IsTheBundledJarWithRuntimeLibrariesFirst() {
        var plan = attempts(OpenBlasPlan.resolve(LINUX_X86, X86_JAR, NO_FILES));
        assertEquals(1, plan.threads(), "OpenBLAS runs single-threaded inside our own threads by default");
        assertEquals(1, plan.attempts().size());
        OpenBlasPlan.Attempt a = plan.attempts().getFirst();
        Path cache = Path.of("/home/ada/.cache/shufflenet-panama/native", VERSION, "linux-x86_64");
        assertEquals(OpenBlasSource.BUNDLED, a.source());
        assertEquals(cache.resolve("libopenblas.so.0"), a.library());
        // libgfortran has no RUNPATH: its own dependencies must already be loaded when it is.
        assertEquals(List.of(cache.resolve("libgcc_s.so.1"), cache.resolve("libquadmath.so.0"),
                cache.resolve("libgfortran.so.5")), a.dependencies());
        assertEquals(List.of(
                new OpenBlasPlan.Extraction("org/bytedeco/openblas/linux-x86_64/libgcc_s.so.1", cache.resolve("libgcc_s.so.1")),
                new OpenBlasPlan.Extraction("org/bytedeco/openblas/linux-x86_64/libquadmath.so.0", cache.resolve("libquadmath.so.0")),
                new OpenBlasPlan.Extraction("org/bytedeco/openblas/linux-x86_64/libgfortran.so.5", cache.resolve("libgfortran.so.5")),
                new OpenBlasPlan.Extraction("org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", cache.resolve("libopenblas.so.0"))),
                a.extractions());
        assertTrue(a.origin().contains("org.bytedeco:openblas:" + VERSION + ":linux-x86_64"), a.origin());
    }

    @Test
    void arm64JarHasNoQuadmathAndSkipsIt() {
        var a = attempts(OpenBlasPlan.resolve(LINUX_ARM, ARM_JAR, NO_FILES)).attempts().getFirst();
        Path cache = Path.of("/home/ada/.cache/shufflenet-panama/native", VERSION, "linux-arm64");
        assertEquals(List.of(cache.resolve("libgcc_s.so.1"), cache.resolve("libgfortran.so.5")), a.dependencies());
        assertEquals(4 - 1, a.extractions().size());
    }

    @Test
    void cacheDirectoryCanBeMovedAndStaysKeyedByVersionAndPlatform() {
        var s = new OpenBlasSettings(null, null, null, "/tmp/natives", null, "Linux", "x86_64", "/home/ada", "");
        var a = attempts(OpenBlasPlan.resolve(s, X86_JAR, NO_FILES)).attempts().getFirst();
        assertEquals(Path.of("/tmp/natives", VERSION, "linux-x86_64", "libopenblas.so.0"), a.library());
    }

    @Test
    void systemLibraryIsTheFallbackAfterTheBundledOne() {
        Path debian = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        var plan = attempts(OpenBlasPlan.resolve(LINUX_X86, X86_JAR, debian::equals));
        assertEquals(List.of(OpenBlasSource.BUNDLED, OpenBlasSource.SYSTEM),
                plan.attempts().stream().map(OpenBlasPlan.Attempt::source).toList());
        assertEquals(debian, plan.attempts().get(1).library());
        assertEquals(List.of(), plan.attempts().get(1).dependencies());
    }

    @Test
    void javaLibraryPathIsSearchedBeforeTheUsualDirectories() {
        Path inJlp = Path.of("/usr/lib64/libopenblas.so");
        Path debian = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        var plan = attempts(OpenBlasPlan.resolve(LINUX_X86, NO_JAR, p -> p.equals(inJlp) || p.equals(debian)));
        assertEquals(List.of(inJlp, debian), plan.attempts().stream().map(OpenBlasPlan.Attempt::library).toList());
    }

    @Test
    void nothingAnywhereIsUnavailableWithAReasonThatSaysWhatToDo() {
        var plan = assertInstanceOf(OpenBlasPlan.Unavailable.class, OpenBlasPlan.resolve(LINUX_X86, NO_JAR, NO_FILES));
        assertTrue(plan.reason().contains("org.bytedeco:openblas:" + VERSION + ":linux-x86_64"), plan.reason());
        assertTrue(plan.reason().contains("shufflenet.openblas.path"), plan.reason());
    }

    @Test
    void otherPlatformsHaveNoBundledLibrary() {
        var mac = new OpenBlasSettings(null, null, null, null, null, "Mac OS X", "aarch64", "/Users/ada", "");
        var plan = assertInstanceOf(OpenBlasPlan.Unavailable.class, OpenBlasPlan.resolve(mac, X86_JAR, NO_FILES));
        assertTrue(plan.reason().contains("Mac OS X/aarch64"), plan.reason());
        assertNull(OpenBlasPlan.platform("Linux", "riscv64"));
        assertEquals("linux-arm64", OpenBlasPlan.platform("Linux", "aarch64"));
    }

    @Test
    void pathPropertyIsTheOnlyAttempt() {
        var plan = attempts(OpenBlasPlan.resolve(LINUX_X86.withPathProperty("/opt/ob/libopenblas.so"), X86_JAR,
                p -> true));
        assertEquals(1, plan.attempts().size(), "no silent fallback from a library the user named");
        var a = plan.attempts().getFirst();
        assertEquals(OpenBlasSource.OVERRIDE, a.source());
        assertEquals(Path.of("/opt/ob/libopenblas.so"), a.library());
        assertEquals("-Dshufflenet.openblas.path", a.origin());
        assertEquals(List.of(), a.extractions());
    }

    @Test
    void relativeOverrideBecomesAbsoluteBecauseSystemLoadNeedsThat() {
        var a = attempts(OpenBlasPlan.resolve(LINUX_X86.withPathProperty("lib/libopenblas.so"), NO_JAR, NO_FILES))
                .attempts().getFirst();
        assertTrue(a.library().isAbsolute());
        assertEquals(Path.of("lib/libopenblas.so").toAbsolutePath().normalize(), a.library());
    }

    @Test
    void environmentVariableIsUsedWhenThePropertyIsNotAndLosesToIt() {
        var env = new OpenBlasSettings(null, null, "/env/libopenblas.so.0", null, null, "Linux", "amd64", "/h", "");
        var a = attempts(OpenBlasPlan.resolve(env, X86_JAR, NO_FILES)).attempts().getFirst();
        assertEquals(Path.of("/env/libopenblas.so.0"), a.library());
        assertEquals("$SHUFFLENET_OPENBLAS", a.origin());

        var both = env.withPathProperty("/prop/libopenblas.so.0");
        assertEquals(Path.of("/prop/libopenblas.so.0"),
                attempts(OpenBlasPlan.resolve(both, X86_JAR, NO_FILES)).attempts().getFirst().library());

        var blankProperty = env.withPathProperty("  ");
        assertEquals(Path.of("/env/libopenblas.so.0"),
                attempts(OpenBlasPlan.resolve(blankProperty, X86_JAR, NO_FILES)).attempts().getFirst().library());
    }

    @Test
    void threadsSettingIsPassedOnOrRejectedWithItsValue() {
        var four = new OpenBlasSettings(null, null, null, null, "4", "Linux", "amd64", "/h", "");
        assertEquals(4, attempts(OpenBlasPlan.resolve(four, X86_JAR, NO_FILES)).threads());
        for (String bad : List.of("0", "-2", "many")) {
            var s = new OpenBlasSettings(null, null, null, null, bad, "Linux", "amd64", "/h", "");
            var plan = assertInstanceOf(OpenBlasPlan.Unavailable.class, OpenBlasPlan.resolve(s, X86_JAR, NO_FILES));
            assertTrue(plan.reason().contains("shufflenet.openblas.threads=" + bad), plan.reason());
        }
    }

    @Test
    void attemptsNeedAtLeastOneAndAThreadCount() {
        assertThrows(IllegalArgumentException.class, () -> new OpenBlasPlan.Attempts(List.of(), 1));
        var one = new OpenBlasPlan.Attempt(OpenBlasSource.OVERRIDE, "test", List.of(), Path.of("/x.so"), List.of());
        assertThrows(IllegalArgumentException.class, () -> new OpenBlasPlan.Attempts(List.of(one), 0));
    }
}
