package dev.shufflenet.panama.kernels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every target weighs its GEMM backends in their order for one-pixel layers, then the Java GEMV. */
class FcBackendsTest {
    @Test
    void theGemmBackendsThenTheJavaGemv() {
        for (TargetConfig c : List.of(TargetConfigs.x86Avx512(512), TargetConfigs.x86Avx2(256),
                TargetConfigs.arm64Neon(128), TargetConfigs.arm64Sve(256, 256), TargetConfigs.generic(0))) {
            List<GemmBackend> expected = new ArrayList<>(c.gemmBackends());
            expected.add(GemmBackend.JAVA_GEMV);
            assertEquals(expected, c.fcBackends(), c.name());
        }
    }
}
