package dev.shufflenet.panama.bindings.acl;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Where the shim is looked for, case by case (a pure function of the settings: runs on every platform). */
class AclPlanTest {
    private static final Path JAR_DIR = Path.of("/opt/app/lib");

    private static AclSettings settings(String mode, String pathProperty, String pathEnv, String threads, String arch,
                                        String libraryPath) {
        return new AclSettings(mode, pathProperty, pathEnv, null, threads, "Linux", arch, "/home/u", libraryPath,
                JAR_DIR);
    }

    private static AclSettings aarch64() {
        return settings(null, null, null, null, "aarch64", "/usr/lib/jni:/usr/lib");
    }

    @Test
    void offIsAbsentAndNeedsNoWarning() {
        var plan = AclPlan.resolve(settings("off", "/x.so", null, null, "aarch64", ""), null, p -> true);
        assertEquals(new AclPlan.Absent("the ACL backend is disabled by -Dshufflenet.acl=off"), plan);
    }

    @Test
    void otherPlatformsAreAbsent() {
        var plan = AclPlan.resolve(settings(null, null, null, null, "amd64", ""), null, p -> true);
        var absent = assertInstanceOf(AclPlan.Absent.class, plan);
        assertEquals("the ACL shim exists for linux-aarch64 only; this JVM runs on Linux/amd64", absent.reason());
    }

    @Test
    void anOverrideIsTheOnlyAttemptEvenOnOtherPlatforms() {
        var plan = AclPlan.resolve(settings(null, "/opt/acl/libshufflenet_acl.so", "/env.so", "3", "amd64", ""), null,
                p -> false);
        assertEquals(new AclPlan.Attempts(List.of(new AclPlan.Attempt("-Dshufflenet.acl.path",
                Path.of("/opt/acl/libshufflenet_acl.so"), null)), 3), plan);
        plan = AclPlan.resolve(settings(null, " ", "/env/libshufflenet_acl.so", null, "aarch64", ""), null, p -> false);
        assertEquals(new AclPlan.Attempts(List.of(new AclPlan.Attempt("$SHUFFLENET_ACL",
                Path.of("/env/libshufflenet_acl.so"), null)), 1), plan);
    }

    @Test
    void searchesJarDirectoryThenLibraryPathThenTheJar() {
        Set<Path> present = Set.of(JAR_DIR.resolve(AclPlan.LIBRARY), Path.of("/usr/lib/" + AclPlan.LIBRARY));
        var plan = AclPlan.resolve(aarch64(), new AclPlan.Bundled(AclPlan.RESOURCE, "0123abcd"), present::contains);
        var attempts = assertInstanceOf(AclPlan.Attempts.class, plan).attempts();
        assertEquals(List.of(
                new AclPlan.Attempt("directory /opt/app/lib", JAR_DIR.resolve(AclPlan.LIBRARY), null),
                new AclPlan.Attempt("directory /usr/lib", Path.of("/usr/lib/" + AclPlan.LIBRARY), null),
                new AclPlan.Attempt("the jar's " + AclPlan.RESOURCE,
                        Path.of("/home/u/.cache/shufflenet-panama/native/shufflenet-acl-0123abcd/linux-aarch64/"
                                + AclPlan.LIBRARY), AclPlan.RESOURCE)), attempts);
    }

    @Test
    void cacheDirectoryCanBeMoved() {
        var s = new AclSettings(null, null, null, "/var/cache/sn", null, "Linux", "aarch64", "/home/u", "", null);
        var plan = assertInstanceOf(AclPlan.Attempts.class,
                AclPlan.resolve(s, new AclPlan.Bundled(AclPlan.RESOURCE, "ff"), p -> false));
        assertEquals(Path.of("/var/cache/sn/shufflenet-acl-ff/linux-aarch64/" + AclPlan.LIBRARY),
                plan.attempts().getFirst().library());
    }

    @Test
    void nothingFoundSaysWhereItLooked() {
        var plan = assertInstanceOf(AclPlan.Unavailable.class, AclPlan.resolve(aarch64(), null, p -> false));
        assertTrue(plan.reason().startsWith("no libshufflenet_acl.so in [/opt/app/lib, /usr/lib/jni, /usr/lib]"),
                plan.reason());
    }

    @Test
    void badSettingsAreNamed() {
        var plan = assertInstanceOf(AclPlan.Unavailable.class,
                AclPlan.resolve(settings("maybe", null, null, null, "aarch64", ""), null, p -> true));
        assertEquals("-Dshufflenet.acl=maybe is not one of auto, on, off", plan.reason());
        plan = assertInstanceOf(AclPlan.Unavailable.class,
                AclPlan.resolve(settings(null, null, null, "0", "aarch64", ""), null, p -> true));
        assertEquals("-Dshufflenet.acl.threads must be a whole number of at least 1, found '0'", plan.reason());
    }
}
