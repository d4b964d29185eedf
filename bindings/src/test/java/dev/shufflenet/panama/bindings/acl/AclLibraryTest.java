package dev.shufflenet.panama.bindings.acl;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Loading never throws, and the status always explains itself. */
class AclLibraryTest {
    @Test
    void statusDescribesItselfOnEveryPlatform() {
        AclStatus status = assertDoesNotThrow(AclLibrary::status);
        boolean overridden = System.getProperty(AclSettings.PATH_PROPERTY) != null
                || System.getenv(AclSettings.PATH_ENV) != null;
        if (!AclPlan.isLinuxAarch64(System.getProperty("os.name"), System.getProperty("os.arch")) && !overridden) {
            assertFalse(status.loaded());
            assertTrue(status.absent(), "no shim exists for this platform, which is no reason to warn");
            assertTrue(status.describe().contains("linux-aarch64 only"), status.describe());
        }
        if (status.loaded()) {
            assertTrue(status.info().startsWith("shufflenet_acl abi 1; arm_compute_version=v24.11"), status.info());
            assertTrue(status.threads() >= 1);
        } else {
            assertNotNull(status.reason());
            assertTrue(status.describe().startsWith("ACL shim not loaded: "), status.describe());
            var e = assertThrows(IllegalStateException.class, AclLibrary::require);
            assertEquals(status.describe(), e.getMessage());
        }
    }

    @Test
    void aMissingFileBecomesAReasonNotAnException() {
        Path missing = Path.of("/nonexistent/dir/" + AclPlan.LIBRARY);
        var plan = new AclPlan.Attempts(List.of(new AclPlan.Attempt("-Dshufflenet.acl.path", missing, null)), 1);
        AclStatus status = AclLibrary.execute(plan, AclLibraryTest.class.getClassLoader());
        assertFalse(status.loaded());
        assertFalse(status.absent());
        assertEquals(missing, status.path());
        assertTrue(status.reason().startsWith("-Dshufflenet.acl.path: " + missing + " does not exist"), status.reason());
    }

    @Test
    void aMissingResourceBecomesAReason() {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "acl-test-never-created", AclPlan.LIBRARY);
        var plan = new AclPlan.Attempts(List.of(new AclPlan.Attempt("the jar's no/such/resource.so", target,
                "no/such/resource.so")), 1);
        AclStatus status = AclLibrary.execute(plan, AclLibraryTest.class.getClassLoader());
        assertFalse(status.loaded());
        assertTrue(status.reason().contains("class-path resource no/such/resource.so not found"), status.reason());
    }
}
