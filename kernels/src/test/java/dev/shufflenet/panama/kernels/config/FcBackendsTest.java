package dev.shufflenet.panama.kernels.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every target weighs the Java GEMV first for one-pixel layers, then its GEMM backends in their order. */
class FcBackendsTest {
    @Test
    void javaGemvFirstThenTheGemmBackends() {
        for (TargetConfig c : List.of(TargetConfigs.x86Avx512(512), TargetConfigs.x86Avx2(256),
                TargetConfigs.arm64Neon(128), TargetConfigs.arm64Sve(256, 256), TargetConfigs.generic(0))) {
            List<GemmBackend> expected = new ArrayList<>(List.of(GemmBackend.JAVA_GEMV));
            expected.addAll(c.gemmBackends());
            assertEquals(expected, c.fcBackends(), c.name());
        }
    }
}
