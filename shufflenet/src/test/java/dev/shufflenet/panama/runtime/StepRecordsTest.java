package dev.shufflenet.panama.runtime;

import dev.shufflenet.panama.ShuffleNet;
import dev.shufflenet.panama.kernels.KernelRegistry;
import dev.shufflenet.panama.kernels.KernelSet;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a step reads and writes follows from its views: for every step of real plans (v1 and v2, with the
 * fused stem and without, so every kind these models use), {@code reads()} and {@code writes()} together hold exactly the step's
 * {@link TensorView} components, none left out (liveness would then free a buffer still in use) and none
 * invented; and every kind of the sealed interface is a record.
 */
class StepRecordsTest {

    @Test
    void readsAndWritesAreExactlyTheViewComponents() throws Exception {
        KernelSet kernels = KernelRegistry.best();
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Plan> plans = new ArrayList<>();
        for (String model : List.of("v2-0.5", "v1-g3-0.5")) {
            plans.add(Planner.plan(ShuffleNet.builtIn(model), kernels, (l, m, k, p) -> kernels.pointwise(), 64, 64));
        }
        // And with the stem's layout, conv and pool steps (StemPlacement folds them by default).
        System.setProperty(StemPlacement.PROPERTY, "separate");
        try {
            plans.add(Planner.plan(ShuffleNet.builtIn("v2-0.5"), kernels, (l, m, k, p) -> kernels.pointwise(), 64, 64));
        } finally {
            System.clearProperty(StemPlacement.PROPERTY);
        }
        for (Plan plan : plans) {
            for (Step s : plan.steps()) {
                seen.add(s.getClass());
                List<TensorView> components = new ArrayList<>();
                for (RecordComponent c : s.getClass().getRecordComponents())
                    if (c.getType() == TensorView.class) components.add((TensorView) c.getAccessor().invoke(s));
                List<TensorView> declared = new ArrayList<>(s.reads());
                declared.addAll(s.writes());
                assertEquals(components.size(), declared.size(), s.name() + ": " + declared + " vs " + components);
                for (TensorView v : components)
                    assertTrue(declared.stream().anyMatch(d -> d == v), s.name() + " leaves out " + v);
            }
        }
        assertTrue(seen.size() >= 10, "the two plans use most step kinds: " + seen);
        assertAllRecords(Step.class);
    }

    /** The leaves of the sealed hierarchy are records (sub-interfaces such as OneToOne only group them). */
    private static void assertAllRecords(Class<?> sealed) {
        for (Class<?> kind : sealed.getPermittedSubclasses()) {
            if (kind.isInterface()) assertAllRecords(kind);
            else assertTrue(kind.isRecord(), kind + " is a record");
        }
    }
}
