package dev.shufflenet.panama.bindings.acl;

import dev.shufflenet.panama.bindings.NativeSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Loading never throws, and the status always explains itself. */
class AclLibraryTest {
    @Test
    void statusDescribesItselfOnEveryPlatform() {
        AclStatus status = assertDoesNotThrow(AclLibrary::status);
        assertTrue(AclLibrary.attempted());
        boolean overridden = System.getProperty(AclLibrary.SPEC.pathProperty()) != null
                || System.getenv(AclLibrary.SPEC.env()) != null;
        boolean aarch64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("aarch64");
        if (!aarch64 && !overridden) {
            assertFalse(status.loaded());
            assertEquals(NativeSource.ABSENT, status.source());
            assertTrue(status.quiet(), "no shim exists for this platform, which is no reason to warn");
            assertEquals("ACL shim not loaded: the ACL shim exists for linux-aarch64 only; this JVM runs on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"), status.describe());
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
    void theBundleIsMissingWithAReasonWhenTheJarHasNoShim() {
        var bundle = AclLibrary.bundled(AclLibraryTest.class.getClassLoader());
        if (AclLibraryTest.class.getClassLoader().getResource(AclLibrary.RESOURCE) == null) {
            var missing = assertInstanceOf(dev.shufflenet.panama.bindings.NativeBundle.Missing.class, bundle);
            assertTrue(missing.reason().startsWith("no libshufflenet_acl.so bundled in the jar"), missing.reason());
        } else {
            var present = assertInstanceOf(dev.shufflenet.panama.bindings.NativeBundle.Present.class, bundle);
            assertTrue(present.cacheKey().matches("shufflenet-acl-[0-9a-f]{16}/linux-aarch64"), present.cacheKey());
        }
    }
}
