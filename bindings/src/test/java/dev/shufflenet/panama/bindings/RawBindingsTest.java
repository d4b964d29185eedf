package dev.shufflenet.panama.bindings;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12, finding 3: the raw jextract bindings took any segment (undersized, NULL, read-only) and crashed the
 * JVM or wrote through it, and were public. They are now package-private, so only the checked wrappers beside
 * them can call them; and no public method of those packages hands out a raw downcall.
 */
class RawBindingsTest {
    private static final List<String> RAW = List.of("dev.shufflenet.panama.bindings.openblas.cblas_h",
            "dev.shufflenet.panama.bindings.acl.shufflenet_acl_h");

    @Test
    void rawBindingsAreNotPublic() throws ClassNotFoundException {
        for (String name : RAW) {
            Class<?> raw = Class.forName(name);
            assertFalse(Modifier.isPublic(raw.getModifiers()), name + " is public");
            // From another package, reflection cannot reach a downcall either.
            Method sgemmLike = java.util.Arrays.stream(raw.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                    .filter(m -> m.getName().endsWith("_run") || m.getName().equals("cblas_sgemm"))
                    .findFirst().orElseThrow();
            assertThrows(IllegalAccessException.class, () -> sgemmLike.invoke(null, new Object[sgemmLike.getParameterCount()]),
                    name + "." + sgemmLike.getName() + " is callable from outside its package");
        }
    }

    /** The public API of the binding packages: no method returns a method handle or the raw class. */
    @Test
    void publicApiHandsOutNoRawDowncall() throws ClassNotFoundException {
        List<String> leaks = new ArrayList<>();
        for (String name : List.of("dev.shufflenet.panama.bindings.openblas.OpenBlas",
                "dev.shufflenet.panama.bindings.openblas.OpenBlasLibrary", "dev.shufflenet.panama.bindings.acl.AclLibrary",
                "dev.shufflenet.panama.bindings.acl.AclGemmHandle")) {
            for (Method m : Class.forName(name).getMethods()) {
                Class<?> r = m.getReturnType();
                if (r == java.lang.invoke.MethodHandle.class || RAW.contains(r.getName())
                        || (r == MemorySegment.class && !m.getDeclaringClass().getName().startsWith("java.")))
                    leaks.add(name + "." + m.getName());
            }
        }
        assertEquals(List.of(), leaks);
    }
}
