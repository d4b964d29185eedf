package dev.shufflenet.panama.bindings;

import dev.shufflenet.panama.bindings.acl.AclLibrary;
import dev.shufflenet.panama.bindings.openblas.BundledOpenBlas;
import dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The resolution logic for both libraries' specs, for every combination of settings, without loading anything
 * (a pure function of the settings: runs on every platform).
 */
class NativePlanTest {
    private static final NativeLibrarySpec BLAS = OpenBlasLibrary.SPEC;
    private static final NativeLibrarySpec ACL = AclLibrary.SPEC;
    private static final String VERSION = "0.3.31-1.5.13";
    private static final Path JAR_DIR = Path.of("/opt/app/lib");
    private static final NativeSettings LINUX_X86 = NativeSettings.defaults("Linux", "amd64", "/home/ada",
            "/usr/java/packages/lib:/usr/lib64", JAR_DIR);
    private static final NativeSettings LINUX_ARM = NativeSettings.defaults("Linux", "aarch64", "/home/ada",
            "/usr/lib/jni:/usr/lib", JAR_DIR);
    private static final Predicate<Path> NO_FILES = p -> false;

    /** The files of the real linux-x86_64 jar (and of linux-arm64, which has no libquadmath). */
    private static BundledOpenBlas jar(String... files) {
        Set<String> present = Set.of(files);
        return new BundledOpenBlas(VERSION, "org/bytedeco/openblas", present::contains);
    }

    private static final BundledOpenBlas X86_JAR = jar(
            "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", "org/bytedeco/openblas/linux-x86_64/libgfortran.so.5",
            "org/bytedeco/openblas/linux-x86_64/libquadmath.so.0", "org/bytedeco/openblas/linux-x86_64/libgcc_s.so.1");
    private static final BundledOpenBlas ARM_JAR = jar(
            "org/bytedeco/openblas/linux-arm64/libopenblas.so.0", "org/bytedeco/openblas/linux-arm64/libgfortran.so.5",
            "org/bytedeco/openblas/linux-arm64/libgcc_s.so.1");
    private static final BundledOpenBlas NO_JAR = jar();
    private static final NativeBundle ACL_JAR = new NativeBundle.Present("the jar's " + AclLibrary.RESOURCE,
            "shufflenet-acl-0123abcd/linux-aarch64", List.of(AclLibrary.RESOURCE));
    private static final NativeBundle NO_ACL_JAR = new NativeBundle.Missing("no shim in the jar");

    private static NativePlan blas(NativeSettings s, BundledOpenBlas jar, Predicate<Path> isFile) {
        return NativePlan.resolve(BLAS, s, jar.bundle(s.osName(), s.osArch()), isFile);
    }

    private static NativePlan.Attempts attempts(NativePlan plan) {
        return assertInstanceOf(NativePlan.Attempts.class, plan);
    }

    @Test
    void offDisablesWhateverElseIsSetAndNeedsNoWarning() {
        for (String off : List.of("off", "OFF", " false ", "none")) {
            var skipped = assertInstanceOf(NativePlan.Skipped.class,
                    blas(LINUX_X86.withMode(off).withPathProperty("/x/libopenblas.so"), X86_JAR, NO_FILES), off);
            assertEquals(NativeSource.DISABLED, skipped.source());
            assertEquals("OpenBLAS is disabled by -Dshufflenet.openblas=" + off, skipped.reason());
        }
        assertEquals(new NativePlan.Skipped(NativeSource.DISABLED, "the ACL shim is disabled by -Dshufflenet.acl=off"),
                NativePlan.resolve(ACL, LINUX_ARM.withMode("off").withPathProperty("/x.so"), ACL_JAR, p -> true));
    }

    /** The crash-safe way out (issue 12, finding 1): one setting that loads nothing, whatever else is set. */
    @Test
    void nativesOffSkipsEveryLibraryBeforeAnythingElse() {
        NativeSettings off = LINUX_X86.withNatives("off").withMode("on").withPathProperty("/x/libopenblas.so");
        assertEquals(new NativePlan.Skipped(NativeSource.DISABLED,
                "native libraries are disabled by -Dshufflenet.natives=off"), blas(off, X86_JAR, p -> true));
        assertEquals(new NativePlan.Skipped(NativeSource.DISABLED,
                "native libraries are disabled by -Dshufflenet.natives=OFF"),
                NativePlan.resolve(ACL, LINUX_ARM.withNatives("OFF").withPathEnv("/x.so"), ACL_JAR, p -> true));
        assertEquals(new NativePlan.Unavailable("-Dshufflenet.natives=sometimes is not one of auto, on, off"),
                blas(LINUX_X86.withNatives("sometimes"), X86_JAR, NO_FILES));
        assertInstanceOf(NativePlan.Attempts.class, blas(LINUX_X86.withNatives("auto"), X86_JAR, NO_FILES));
    }

    @Test
    void unknownModeOrThreadsAreUnavailableAndNameTheValue() {
        var plan = assertInstanceOf(NativePlan.Unavailable.class,
                blas(LINUX_X86.withMode("/usr/lib/libopenblas.so"), X86_JAR, NO_FILES));
        assertEquals("-Dshufflenet.openblas=/usr/lib/libopenblas.so is not one of auto, on, off", plan.reason());
        assertEquals(new NativePlan.Unavailable("-Dshufflenet.acl=maybe is not one of auto, on, off"),
                NativePlan.resolve(ACL, LINUX_ARM.withMode("maybe"), ACL_JAR, p -> true));
        for (String bad : List.of("0", "-2", "many")) {
            assertEquals(new NativePlan.Unavailable("-Dshufflenet.openblas.threads=" + bad
                    + " must be a whole number of at least 1"), blas(LINUX_X86.withThreads(bad), X86_JAR, NO_FILES));
            assertEquals(new NativePlan.Unavailable("-Dshufflenet.acl.threads=" + bad
                    + " must be a whole number of at least 1"),
                    NativePlan.resolve(ACL, LINUX_ARM.withThreads(bad), ACL_JAR, NO_FILES));
        }
        assertEquals(4, attempts(blas(LINUX_X86.withThreads("4"), X86_JAR, NO_FILES)).threads());
    }

    @Test
    void openBlasDefaultOnLinuxX86IsTheBundledJarWithRuntimeLibrariesFirst() {
        var plan = attempts(blas(LINUX_X86, X86_JAR, NO_FILES));
        assertEquals(1, plan.threads(), "OpenBLAS runs single-threaded inside our own threads by default");
        assertEquals(1, plan.attempts().size());
        NativePlan.Attempt a = plan.attempts().getFirst();
        Path cache = Path.of("/home/ada/.cache/shufflenet-panama/native", VERSION, "linux-x86_64");
        assertEquals(NativeSource.BUNDLED, a.source());
        assertEquals(cache.resolve("libopenblas.so.0"), a.library());
        // libgfortran has no RUNPATH: its own dependencies must already be loaded when it is.
        assertEquals(List.of(cache.resolve("libgcc_s.so.1"), cache.resolve("libquadmath.so.0"),
                cache.resolve("libgfortran.so.5")), a.dependencies());
        String dir = "org/bytedeco/openblas/linux-x86_64/";
        assertEquals(List.of(
                new NativePlan.Extraction(dir + "libgcc_s.so.1", cache.resolve("libgcc_s.so.1")),
                new NativePlan.Extraction(dir + "libquadmath.so.0", cache.resolve("libquadmath.so.0")),
                new NativePlan.Extraction(dir + "libgfortran.so.5", cache.resolve("libgfortran.so.5")),
                new NativePlan.Extraction(dir + "libopenblas.so.0", cache.resolve("libopenblas.so.0"))),
                a.extractions());
        assertEquals("org.bytedeco:openblas:" + VERSION + ":linux-x86_64", a.origin());
    }

    @Test
    void arm64JarHasNoQuadmathAndSkipsIt() {
        var a = attempts(blas(LINUX_ARM, ARM_JAR, NO_FILES)).attempts().getFirst();
        Path cache = Path.of("/home/ada/.cache/shufflenet-panama/native", VERSION, "linux-arm64");
        assertEquals(List.of(cache.resolve("libgcc_s.so.1"), cache.resolve("libgfortran.so.5")), a.dependencies());
        assertEquals(3, a.extractions().size());
    }

    @Test
    void cacheDirectoryCanBeMovedAndStaysKeyedByTheBuild() {
        var a = attempts(blas(LINUX_X86.withCacheDir("/tmp/natives"), X86_JAR, NO_FILES)).attempts().getFirst();
        assertEquals(Path.of("/tmp/natives", VERSION, "linux-x86_64", "libopenblas.so.0"), a.library());
        var acl = attempts(NativePlan.resolve(ACL, LINUX_ARM.withCacheDir("/var/cache/sn"), ACL_JAR, NO_FILES));
        assertEquals(Path.of("/var/cache/sn/shufflenet-acl-0123abcd/linux-aarch64/" + AclLibrary.LIBRARY),
                acl.attempts().getFirst().library());
    }

    @Test
    void openBlasSystemLibraryIsTheFallbackAfterTheBundledOne() {
        Path debian = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        var plan = attempts(blas(LINUX_X86, X86_JAR, debian::equals));
        assertEquals(List.of(NativeSource.BUNDLED, NativeSource.SYSTEM),
                plan.attempts().stream().map(NativePlan.Attempt::source).toList());
        assertEquals(debian, plan.attempts().get(1).library());
        assertEquals("directory /usr/lib/x86_64-linux-gnu", plan.attempts().get(1).origin());
        assertEquals(List.of(), plan.attempts().get(1).dependencies());
    }

    @Test
    void openBlasSearchesJavaLibraryPathBeforeTheUsualDirectoriesButNotTheJarDirectory() {
        Path inJlp = Path.of("/usr/lib64/libopenblas.so");
        Path debian = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        Path nextToJar = JAR_DIR.resolve("libopenblas.so.0");
        var plan = attempts(blas(LINUX_X86, NO_JAR, p -> p.equals(inJlp) || p.equals(debian) || p.equals(nextToJar)));
        assertEquals(List.of(inJlp, debian), plan.attempts().stream().map(NativePlan.Attempt::library).toList());
    }

    @Test
    void aclSearchesJarDirectoryThenLibraryPathThenTheJar() {
        Set<Path> present = Set.of(JAR_DIR.resolve(AclLibrary.LIBRARY), Path.of("/usr/lib/" + AclLibrary.LIBRARY),
                Path.of("/usr/lib/aarch64-linux-gnu/" + AclLibrary.LIBRARY));
        var plan = attempts(NativePlan.resolve(ACL, LINUX_ARM, ACL_JAR, present::contains));
        assertEquals(List.of(
                new NativePlan.Attempt(NativeSource.SYSTEM, "directory /opt/app/lib", List.of(),
                        JAR_DIR.resolve(AclLibrary.LIBRARY), List.of()),
                new NativePlan.Attempt(NativeSource.SYSTEM, "directory /usr/lib", List.of(),
                        Path.of("/usr/lib/" + AclLibrary.LIBRARY), List.of()),
                new NativePlan.Attempt(NativeSource.BUNDLED, "the jar's " + AclLibrary.RESOURCE, List.of(),
                        Path.of("/home/ada/.cache/shufflenet-panama/native/shufflenet-acl-0123abcd/linux-aarch64/"
                                + AclLibrary.LIBRARY), List.of(new NativePlan.Extraction(AclLibrary.RESOURCE,
                        Path.of("/home/ada/.cache/shufflenet-panama/native/shufflenet-acl-0123abcd/linux-aarch64/"
                                + AclLibrary.LIBRARY))))), plan.attempts());
    }

    @Test
    void nothingAnywhereIsUnavailableWithAReasonThatSaysWhereItLookedAndWhatToDo() {
        var plan = assertInstanceOf(NativePlan.Unavailable.class, blas(LINUX_X86, NO_JAR, NO_FILES));
        assertTrue(plan.reason().startsWith("org.bytedeco:openblas:" + VERSION + ":linux-x86_64 is not on the class path"),
                plan.reason());
        assertTrue(plan.reason().endsWith("; set -Dshufflenet.openblas.path to the file"), plan.reason());
        var acl = assertInstanceOf(NativePlan.Unavailable.class, NativePlan.resolve(ACL, LINUX_ARM, NO_ACL_JAR, NO_FILES));
        assertEquals("no shim in the jar, and no libshufflenet_acl.so in [/opt/app/lib, /usr/lib/jni, /usr/lib];"
                + " set -Dshufflenet.acl.path to the file", acl.reason());
    }

    @Test
    void otherPlatforms() {
        var mac = NativeSettings.defaults("Mac OS X", "aarch64", "/Users/ada", "", null);
        var blas = assertInstanceOf(NativePlan.Unavailable.class, blas(mac, X86_JAR, NO_FILES));
        assertTrue(blas.reason().startsWith("no bundled OpenBLAS for Mac OS X/aarch64"), blas.reason());
        // The shim exists for linux-aarch64 only: elsewhere it is absent, which is no reason to warn.
        assertEquals(new NativePlan.Skipped(NativeSource.ABSENT,
                        "the ACL shim exists for linux-aarch64 only; this JVM runs on Linux/amd64"),
                NativePlan.resolve(ACL, LINUX_X86, ACL_JAR, p -> true));
        assertNull(NativePlan.platform("Linux", "riscv64"));
        assertEquals("linux-aarch64", NativePlan.platform("Linux", "arm64"));
        assertEquals(new NativeBundle.Missing("no bundled OpenBLAS for Linux/riscv64"), X86_JAR.bundle("Linux", "riscv64"));
    }

    @Test
    void anOverrideIsTheOnlyAttemptEvenOnOtherPlatforms() {
        var plan = attempts(blas(LINUX_X86.withPathProperty("/opt/ob/libopenblas.so"), X86_JAR, p -> true));
        assertEquals(List.of(new NativePlan.Attempt(NativeSource.OVERRIDE, "-Dshufflenet.openblas.path", List.of(),
                Path.of("/opt/ob/libopenblas.so"), List.of())), plan.attempts(), "no silent fallback from a named file");
        var acl = attempts(NativePlan.resolve(ACL, LINUX_X86.withPathProperty("/opt/acl/libshufflenet_acl.so")
                .withPathEnv("/env.so").withThreads("3"), NO_ACL_JAR, NO_FILES));
        assertEquals(new NativePlan.Attempts(List.of(new NativePlan.Attempt(NativeSource.OVERRIDE,
                "-Dshufflenet.acl.path", List.of(), Path.of("/opt/acl/libshufflenet_acl.so"), List.of())), 3), acl);
    }

    @Test
    void relativeOverrideBecomesAbsoluteBecauseSystemLoadNeedsThat() {
        var a = attempts(blas(LINUX_X86.withPathProperty("lib/libopenblas.so"), NO_JAR, NO_FILES)).attempts().getFirst();
        assertEquals(Path.of("lib/libopenblas.so").toAbsolutePath().normalize(), a.library());
    }

    @Test
    void environmentVariableIsUsedWhenThePropertyIsNotAndLosesToIt() {
        var env = LINUX_X86.withPathEnv("/env/libopenblas.so.0");
        var a = attempts(blas(env, X86_JAR, NO_FILES)).attempts().getFirst();
        assertEquals(Path.of("/env/libopenblas.so.0"), a.library());
        assertEquals("$SHUFFLENET_OPENBLAS", a.origin());
        assertEquals(Path.of("/prop/libopenblas.so.0"), attempts(blas(env.withPathProperty("/prop/libopenblas.so.0"),
                X86_JAR, NO_FILES)).attempts().getFirst().library());
        assertEquals(Path.of("/env/libopenblas.so.0"),
                attempts(blas(env.withPathProperty("  "), X86_JAR, NO_FILES)).attempts().getFirst().library());
        var acl = attempts(NativePlan.resolve(ACL, LINUX_ARM.withPathProperty(" ").withPathEnv("/env/libshufflenet_acl.so"),
                ACL_JAR, NO_FILES)).attempts().getFirst();
        assertEquals("$SHUFFLENET_ACL", acl.origin());
    }

    @Test
    void attemptsNeedAtLeastOneAndAThreadCount() {
        assertThrows(IllegalArgumentException.class, () -> new NativePlan.Attempts(List.of(), 1));
        var one = new NativePlan.Attempt(NativeSource.OVERRIDE, "test", List.of(), Path.of("/x.so"), List.of());
        assertThrows(IllegalArgumentException.class, () -> new NativePlan.Attempts(List.of(one), 0));
    }
}
